// Every error path: the right error class, a message naming the argument and value,
// and nothing written (out and the inputs keep their contents).

import { describe, expect, it } from 'vitest';
import * as W from '../src/index.js';
import { activate, allocate, leakyRelu, relu, setBackend, sigmoid, tanh } from '../src/index.js';
import { BACKENDS } from './support/harness.js';
import { BY_NAME, STRUCTURED_BY_NAME } from '../src/catalogue/index.js';
import { SENTINEL, rejects } from './support/rejects.js';

for (const backend of BACKENDS) {
  describe(`errors on ${backend}`, () => {
    const x = new Float32Array([1, -2, 3, -4, 5, -6, 7, -8]);
    const dy = new Float32Array(8).fill(0.5);

    it('wrong input types are TypeErrors naming the argument', () => {
      setBackend(backend);
      rejects(TypeError, /sigmoid: x must be a (?:Float16Array, )?Float32Array or Float64Array; got Array\(3\)/, () => sigmoid([1, 2, 3] as never));
      rejects(TypeError, /x must be .*got Uint8Array\(4\)/, () => sigmoid(new Uint8Array(4) as never));
      rejects(TypeError, /x must be .*got null/, () => sigmoid(null as never));
      rejects(TypeError, /x must be .*got "abc"/, () => relu('abc' as never));
      rejects(TypeError, /tanh\.backward: dy must be .*got Array/, (out) => tanh.backward([1] as never, x, { out }), [x]);
      rejects(TypeError, /tanh\.backward: x must be a Float32Array like dy; got Float64Array/, (out) => tanh.backward(dy, new Float64Array(8) as never, { out }), [dy]);
      rejects(TypeError, /out must be a Float32Array like the input; got Float64Array/, () => sigmoid(x, { out: new Float64Array(8) as never }), [x]);
      rejects(TypeError, /out must be .*got Array/, () => sigmoid(x, { out: [] as never }), [x]);
    });

    it('bad options are TypeErrors / RangeErrors naming the option', () => {
      setBackend(backend);
      rejects(TypeError, /leakyRelu: unknown option "negativeslope"; leakyRelu takes negativeSlope, out, bias, layout, innerSize$/, (out) => leakyRelu(x, { negativeslope: 1, out } as never), [x]);
      rejects(TypeError, /opts must be an object; got 5/, () => sigmoid(x, 5 as never), [x]);
      rejects(TypeError, /opts must be an object; got null/, () => sigmoid(x, null as never), [x]);
      rejects(TypeError, /negativeSlope must be a number; got "0.1"/, (out) => leakyRelu(x, { negativeSlope: '0.1' as never, out }), [x]);
      rejects(RangeError, /negativeSlope must not be NaN/, (out) => leakyRelu(x, { negativeSlope: NaN, out }), [x]);
      rejects(TypeError, /unknown option "alpha"; sigmoid takes out/, (out) => sigmoid(x, { alpha: 1, out } as never), [x]);
    });

    it('length mismatches and partial overlap are RangeErrors', () => {
      setBackend(backend);
      rejects(RangeError, /out has length 7 but the input has length 8/, () => sigmoid(x, { out: new Float32Array(7) }), [x]);
      rejects(RangeError, /x has length 7 but dy has length 8/, (out) => sigmoid.backward(dy, x.subarray(1), { out }), [x, dy]);
      const buf = new Float32Array(16);
      buf.set(x);
      rejects(RangeError, /out overlaps an input/, () => sigmoid(buf.subarray(0, 8), { out: buf.subarray(1, 9) }));
      expect(buf.subarray(0, 8)).toEqual(x);
      const d2 = new Float32Array(16).fill(2);
      rejects(RangeError, /out overlaps an input/, () => tanh.backward(d2.subarray(0, 8), x, { out: d2.subarray(4, 12) }));
      expect(d2.every((v) => v === 2)).toBe(true);
    });

    it('backwardFromOutput rejects parameters for which the y-form is wrong', () => {
      setBackend(backend);
      rejects(RangeError, /backwardFromOutput needs negativeSlope ≥ 0/, (out) => leakyRelu.backwardFromOutput(dy, x, { negativeSlope: -0.5, out }), [x, dy]);
    });

    it('zero-copy errors leave wasm memory untouched', () => {
      setBackend(backend);
      const b = allocate(8);
      b.array.set(x);
      const o = allocate(8);
      o.array.fill(SENTINEL);
      expect(() => sigmoid(b.array, { out: o.array.subarray(1) })).toThrow(RangeError);
      expect(() => leakyRelu(b.array, { out: o.array, negativeSlope: NaN })).toThrow(RangeError);
      expect(o.array.every((v) => v === SENTINEL)).toBe(true);
      expect(b.array).toEqual(x);
      b.dispose();
      o.dispose();
    });
  });
}

describe('API-level errors', () => {
  it('activate: unknown names and non-strings are TypeErrors', () => {
    const x = new Float32Array(4);
    expect(() => activate('sigmoidd', x)).toThrow(/activate: unknown activation "sigmoidd"; known: /);
    expect(() => activate(3 as never, x)).toThrow(TypeError);
    expect(activate('logistic', new Float32Array([0]))[0]).toBe(0.5);
  });

  it('setBackend: unknown names are TypeErrors; allocate validates n', () => {
    expect(() => setBackend('gpu' as never)).toThrow(/setBackend: name must be one of wasm-relaxed-simd, wasm-simd, wasm, js, auto; got "gpu"/);
    expect(() => allocate(-1)).toThrow(RangeError);
    expect(() => allocate(1.5)).toThrow(/allocate: n must be an integer/);
    expect(() => allocate('3' as never)).toThrow(TypeError);
    expect(() => allocate(2 ** 40)).toThrow(RangeError);
  });

  it('every catalogue name is exported; rows without a y-form reject backwardFromOutput', () => {
    const x = new Float32Array([0.5, -1]);
    for (const name of [...BY_NAME.keys(), ...STRUCTURED_BY_NAME.keys()]) {
      const fn = (W as unknown as Record<string, W.OutputDifferentiable<object>>)[name]!;
      expect(typeof fn, name).toBe('function');
      for (const m of ['backward', 'backwardFromOutput', 'derivative'] as const) expect(typeof fn[m], `${name}.${m}`).toBe('function');
      const spec = BY_NAME.get(name);
      if (!spec) continue; // not element-wise: see the structured tests
      if (!spec.fromOutput) {
        expect(() => fn.backwardFromOutput(x, x), name).toThrow(/is not a function of its output/);
      }
    }
  });
});
