// API and convention checks for the piecewise activations that the catalogue-driven
// accuracy sweep does not express: required and cross-parameter validation, y-form
// rejection, explicit kink values, infinite parameters, tails, float64 data.

import { afterAll, describe, expect, it } from 'vitest';
import {
  activate, allocate, hardshrink, hardsigmoid, hardswish, hardtanh, relu6, setBackend, softshrink, threshold,
} from '../src/index.js';
import { BACKENDS } from './support/harness.js';
const f32 = (...v: number[]) => Float32Array.from(v);
/** Plain numbers, zeros unsigned (the contract lets the sign of a zero differ). */
const list = (a: Float32Array | Float64Array) => Array.from(a, (v) => (v === 0 ? 0 : v));
const SIXTH = Math.fround(1 / 6);

afterAll(() => setBackend('auto'));

describe('validation', () => {
  const x = f32(1, 2, 3);

  it('threshold needs threshold and value (TypeError naming the option)', () => {
    expect(() => threshold(x, { value: 0 } as never)).toThrow(TypeError);
    expect(() => threshold(x, { value: 0 } as never)).toThrow(/option threshold is required/);
    expect(() => threshold(x, { threshold: 0 } as never)).toThrow(/option value is required/);
    expect(() => threshold(x)).toThrow(/option threshold is required/);
    expect(() => threshold.backward(x, x, { threshold: 1 } as never)).toThrow(/value is required/);
    expect(() => activate('threshold', x, { threshold: 1 })).toThrow(/value is required/);
    expect(list(threshold(x, { threshold: 1.5, value: -7 }))).toEqual([-7, 2, 3]);
  });

  it('hardtanh rejects minVal > maxVal and accepts minVal = maxVal', () => {
    expect(() => hardtanh(x, { minVal: 2, maxVal: 1 })).toThrow(RangeError);
    expect(() => hardtanh(x, { minVal: 2 })).toThrow(/minVal must be ≤ maxVal; got minVal 2, maxVal 1/);
    expect(() => hardtanh.backwardFromOutput(x, x, { maxVal: -2 })).toThrow(RangeError);
    expect(list(hardtanh(x, { minVal: 2, maxVal: 2 }))).toEqual([2, 2, 2]);
    expect(list(hardtanh.derivative(x, { minVal: 2, maxVal: 2 }))).toEqual([0, 0, 0]);
  });

  it('lambd must be ≥ 0', () => {
    for (const f of [softshrink, hardshrink]) {
      expect(() => f(x, { lambd: -0.1 })).toThrow(RangeError);
      expect(() => f(x, { lambd: -0.1 })).toThrow(/lambd must be ≥ 0; got -0.1/);
      expect(() => f(x, { lambd: Number.NaN })).toThrow(RangeError);
    }
  });

  it('hardsigmoid alpha must be a nonzero finite float32, beta finite', () => {
    expect(() => hardsigmoid(x, { alpha: 0 })).toThrow(/alpha must be nonzero/);
    expect(() => hardsigmoid(x, { alpha: 1e-60 })).toThrow(/alpha must be nonzero/);
    expect(() => hardsigmoid(x, { alpha: Infinity })).toThrow(/alpha must be finite/);
    expect(() => hardsigmoid(x, { beta: 1e39 })).toThrow(/beta must be finite/);
  });

  it('threshold.backwardFromOutput needs value ≤ threshold, and writes nothing when it throws', () => {
    const out = f32(9, 9, 9);
    expect(() => threshold.backwardFromOutput(x, x, { threshold: 0, value: 1, out })).toThrow(RangeError);
    expect(() => threshold.backwardFromOutput(x, x, { threshold: 0, value: 1 })).toThrow(/value ≤ threshold/);
    expect(list(out)).toEqual([9, 9, 9]);
    expect(list(threshold.backwardFromOutput(f32(1, 1, 1), f32(-5, 0.5, 2), { threshold: 0.5, value: 0.5 })))
      .toEqual([0, 0, 1]);
  });

  it('hardswish has no y-form; hardsigmoid has: its slope where 0 < y < 1, 0 at the edges (PyTorch)', () => {
    expect(() => (hardswish as unknown as typeof relu6).backwardFromOutput(x, x)).toThrow(TypeError);
    for (const backend of BACKENDS) {
      setBackend(backend);
      // (Not just below 3: there y rounds to 1 in float32, and the y-form gives the edge's 0.)
      const xs = f32(-4, -3, -1.5, 0, 2.5, 3, 5, Number.NaN);
      const dy = f32(2, 2, 2, 2, 2, 2, 2, 2);
      for (const opts of [{}, { alpha: 0.2, beta: 0.5 }, { alpha: -0.75, beta: 0.3 }]) {
        const y = hardsigmoid(xs, opts);
        const fromY = list(hardsigmoid.backwardFromOutput(dy, y, opts));
        const fromX = list(hardsigmoid.backward(dy, xs, opts));
        expect(fromY, `${backend} ${JSON.stringify(opts)}`).toEqual(fromX);
      }
      expect(list(hardsigmoid.backwardFromOutput(dy.subarray(0, 3), f32(0, 0.5, 1)))).toEqual([0, Math.fround(2 * Math.fround(1 / 6)), 0]);
    }
    setBackend('auto');
  });
});

describe.each(BACKENDS)('conventions on %s', (backend) => {
  const on = <T>(f: () => T): T => {
    setBackend(backend);
    return f();
  };

  it('relu6 and hardtanh: derivative 0 at the edges', () => {
    const x = f32(-1, 0, 1e-45, 5.9999995, 6, 7, Number.NaN);
    expect(list(on(() => relu6(x)))).toEqual([0, 0, Math.fround(1e-45), Math.fround(5.9999995), 6, 6, NaN]);
    expect(list(on(() => relu6.derivative(x)))).toEqual([0, 0, 1, 1, 0, 0, NaN]);
    expect(list(on(() => relu6.backwardFromOutput(f32(2, 2, 2, 2, 2, 2, 2), relu6(x))))).toEqual([0, 0, 2, 2, 0, 0, NaN]);
    expect(list(on(() => hardtanh.derivative(f32(-1, 1, -0.5, Infinity, -Infinity))))).toEqual([0, 0, 1, 0, 0]);
    expect(list(on(() => hardtanh(f32(Infinity, -Infinity), { minVal: -Infinity, maxVal: Infinity })))).toEqual([Infinity, -Infinity]);
  });

  it('hardsigmoid: PyTorch form for the defaults, 0 at ±3 in the derivative', () => {
    const x = f32(-Infinity, -3, -2.9999998, 0, 2.9999998, 3, Infinity);
    const y = list(on(() => hardsigmoid(x)));
    expect(y[0]).toBe(0);
    expect(y[1]).toBe(0);
    expect(y[2]).toBe(Math.fround((Math.fround(-2.9999998) + 3) / 6)); // PyTorch's (x + 3)/6, not f32(1/6)·x + 1/2
    expect(y[3]).toBe(0.5);
    expect(y.slice(5)).toEqual([1, 1]);
    expect(list(on(() => hardsigmoid.derivative(x)))).toEqual([0, 0, SIXTH, SIXTH, SIXTH, 0, 0]);
  });

  it('hardsigmoid ONNX alpha/beta: derivative alpha strictly inside, limits at ±Inf', () => {
    const o = { alpha: 0.25, beta: 0.5 }; // edges at -2 and 2
    const x = f32(-Infinity, -2, -1.9999999, 2, Infinity);
    expect(list(on(() => hardsigmoid(x, o)))).toEqual([0, 0, Math.fround(0.25 * Math.fround(-1.9999999) + 0.5), 1, 1]);
    expect(list(on(() => hardsigmoid.derivative(x, o)))).toEqual([0, 0, 0.25, 0, 0]);
    expect(list(on(() => hardsigmoid(f32(-Infinity, Infinity), { alpha: -2, beta: 0 })))).toEqual([1, 0]);
  });

  it('hardswish: f(-3) = 0, f\'(-3) = -0.5, f\'(3) = 1 (PyTorch vectorised), limits at ±Inf', () => {
    const x = f32(-Infinity, -3.0000002, -3, -1.5, 3, 3.0000002, Infinity, Number.NaN);
    expect(list(on(() => hardswish(x)))).toEqual([0, 0, 0, -0.375, 3, Math.fround(3.0000002), Infinity, NaN]);
    expect(list(on(() => hardswish.derivative(x)))).toEqual([0, 0, -0.5, 0, 1, 1, 1, NaN]);
  });

  it('softshrink and hardshrink: derivative 0 at ±lambd; lambd = Infinity gives zeros', () => {
    const x = f32(-0.5, 0.5, -0.75, 0.75, Infinity, -Infinity, Number.NaN);
    expect(list(on(() => softshrink(x)))).toEqual([0, 0, -0.25, 0.25, Infinity, -Infinity, NaN]);
    expect(list(on(() => softshrink.derivative(x)))).toEqual([0, 0, 1, 1, 1, 1, NaN]);
    expect(list(on(() => hardshrink(x)))).toEqual([0, 0, -0.75, 0.75, Infinity, -Infinity, NaN]);
    expect(list(on(() => hardshrink.derivative(x)))).toEqual([0, 0, 1, 1, 1, 1, NaN]);
    const inf = { lambd: Infinity };
    expect(list(on(() => softshrink(x, inf)))).toEqual([0, 0, 0, 0, 0, 0, NaN]);
    expect(list(on(() => hardshrink(x, inf)))).toEqual([0, 0, 0, 0, 0, 0, NaN]);
    expect(list(on(() => softshrink.derivative(x, inf)))).toEqual([0, 0, 0, 0, 0, 0, NaN]);
  });

  it('threshold: x at the threshold takes value; NaN stays NaN', () => {
    const o = { threshold: 1, value: -Infinity };
    const x = f32(1, 1.0000001, -Infinity, Infinity, Number.NaN);
    expect(list(on(() => threshold(x, o)))).toEqual([-Infinity, Math.fround(1.0000001), -Infinity, Infinity, NaN]);
    expect(list(on(() => threshold.derivative(x, o)))).toEqual([0, 1, 0, 1, NaN]);
  });

  it('every length 0..19, zero-copy and in place: tails bit-identical to the body', () => {
    const cases: [string, Record<string, number>][] = [
      ['relu6', {}], ['hardtanh', { minVal: -0.3, maxVal: 0.7 }], ['hardsigmoid', {}], ['hardsigmoid', { alpha: 0.2, beta: 0.5 }],
      ['hardswish', {}], ['softshrink', {}], ['hardshrink', {}], ['threshold', { threshold: 0.1, value: 5 }],
    ];
    setBackend(backend);
    const x = Float32Array.from({ length: 19 }, (_, i) => (i * 0.77 - 5) * (i % 2 ? 1 : -1));
    for (const [name, opts] of cases) {
      const whole = activate(name, x, opts);
      for (let n = 0; n < 20; n++) {
        const buf = allocate(n);
        buf.array.set(x.subarray(0, n));
        activate(name, buf.array, { ...opts, out: buf.array });
        expect(Array.from(buf.array), `${name} ${JSON.stringify(opts)} n=${n}`).toEqual(Array.from(whole.subarray(0, n)));
        buf.dispose();
      }
    }
  });
});

describe('float64 data (JS backend, float64 parameters)', () => {
  it('hardsigmoid defaults compute (x + 3)/6', () => {
    const x = Float64Array.from([-3, -2.9999999999, 0.3, 3]);
    expect(list(hardsigmoid(x))).toEqual([0, (-2.9999999999 + 3) / 6, 3.3 / 6, 1]);
  });

  it('hardtanh and softshrink keep float64 parameters', () => {
    expect(list(hardtanh(Float64Array.from([0.1, 2]), { minVal: 0.2, maxVal: 1.1 }))).toEqual([0.2, 1.1]);
    expect(list(softshrink(Float64Array.from([0.3, -1]), { lambd: 0.1 }))).toEqual([0.3 - 0.1, -1 + 0.1]);
  });
});
