// Options that change from call to call: every call uses its own parameter values, on
// every backend and method, whatever the calls before it used (the public functions
// cache the last call's resolved parameters per activation), and a rejected call leaves
// nothing behind for the next one.

import { describe, expect, it } from 'vitest';
import { gelu, hardsigmoid, leakyRelu, setBackend, softplus, threshold } from '../src/index.js';
import { BACKENDS } from './support/harness.js';

const X = new Float32Array([-3, -1, -0.25, 0, 0.5, 1, 2.5, 6]);
const f32 = Math.fround;

function expectClose(actual: Float32Array, expected: number[], tolerance = 2e-7): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i]!))));
}

const leaky = (s: number) => [...X].map((x) => (x > 0 ? x : f32(s) * x));
const hardSig = (a: number, b: number) => [...X].map((x) => Math.min(1, Math.max(0, f32(a) * x + f32(b))));
const softplusRef = (beta: number, th: number) => [...X].map((x) => (beta * x > th ? x : Math.log1p(Math.exp(beta * x)) / beta));
const thresholdRef = (t: number, v: number) => [...X].map((x) => (x > f32(t) ? x : f32(v)));

for (const backend of BACKENDS) {
  describe(`options from call to call on ${backend}`, () => {
    it('each call uses its own parameters, defaults included', () => {
      setBackend(backend);
      for (const s of [0.1, 0.2, 0.1, undefined, 0.3, 0.3]) {
        expectClose(leakyRelu(X, s === undefined ? {} : { negativeSlope: s }), leaky(s ?? 0.01));
      }
      expectClose(hardsigmoid(X), hardSig(1 / 6, 0.5));
      expectClose(hardsigmoid(X, { alpha: 0.2, beta: 0.5 }), hardSig(0.2, 0.5));
      expectClose(hardsigmoid(X, { alpha: 0.2 }), hardSig(0.2, 0.5));
      expectClose(hardsigmoid(X, { alpha: 0.2, beta: 0.25 }), hardSig(0.2, 0.25));
      expectClose(hardsigmoid(X), hardSig(1 / 6, 0.5));
      expectClose(softplus(X, { beta: 2 }), softplusRef(2, 20), 4e-7);
      expectClose(softplus(X, { beta: 2, threshold: 1 }), softplusRef(2, 1), 4e-7);
      expectClose(softplus(X), softplusRef(1, 20), 4e-7);
      expectClose(threshold(X, { threshold: 1, value: -1 }), thresholdRef(1, -1));
      expectClose(threshold(X, { threshold: 1, value: 2 }), thresholdRef(1, 2));
      expectClose(threshold(X, { threshold: -0.5, value: 2 }), thresholdRef(-0.5, 2));
    });

    it('methods share the parameters of their own call', () => {
      setBackend(backend);
      const dy = new Float32Array(X.length).fill(2);
      leakyRelu(X, { negativeSlope: 0.5 });
      expectClose(leakyRelu.backward(dy, X, { negativeSlope: 0.25 }), [...X].map((x) => (x > 0 ? 2 : 0.5)));
      expectClose(leakyRelu.derivative(X), [...X].map((x) => (x > 0 ? 1 : f32(0.01))));
      expectClose(leakyRelu.backwardFromOutput(dy, leakyRelu(X, { negativeSlope: 0.5 }), { negativeSlope: 0.5 }), [...X].map((x) => (x > 0 ? 2 : 1)));
    });

    it('a choice parameter switches the kernel each time', () => {
      setBackend(backend);
      const one = new Float32Array([1]);
      for (let k = 0; k < 2; k++) {
        expect(gelu(one, { approximate: 'tanh' })[0]).toBeCloseTo(0.8411919906, 6);
        expect(gelu(one)[0]).toBeCloseTo(0.8413447461, 6);
        expect(gelu(one, { approximate: 'none' })[0]).toBeCloseTo(0.8413447461, 6);
      }
    });

    it('a rejected call leaves the next call right, and the same bad value is rejected again', () => {
      setBackend(backend);
      expectClose(leakyRelu(X, { negativeSlope: 0.1 }), leaky(0.1));
      for (let k = 0; k < 2; k++) {
        expect(() => leakyRelu(X, { negativeSlope: NaN })).toThrow(RangeError);
        expect(() => leakyRelu(X, { negativeSlope: '0.1' as never })).toThrow(TypeError);
      }
      expectClose(leakyRelu(X, { negativeSlope: 0.1 }), leaky(0.1));
      threshold(X, { threshold: 1, value: 2 });
      expect(() => threshold(X, { threshold: 1 } as never)).toThrow(/option value is required/);
      expect(() => threshold(X, { threshold: 1 } as never)).toThrow(/option value is required/);
      expectClose(threshold(X, { threshold: 1, value: 2 }), thresholdRef(1, 2));
    });
  });
}
