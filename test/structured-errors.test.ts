// Every error path of the non-element-wise activations: the right error class, a message
// naming the function, argument and value, and nothing written (out, noise and the inputs
// keep their contents), on every backend. Options are checked against the catalogue rows.

import { describe, expect, it } from 'vitest';
import { allocate, glu, logSoftmax, prelu, rrelu, setBackend, softmax, softmin } from '../src/index.js';
import { STRUCTURED } from '../src/catalogue/index.js';
import { STRUCTURED_FUNCTIONS } from '../src/structured/index.js';
import { BACKENDS } from './support/harness.js';
import { SENTINEL, rejects } from './support/rejects.js';

for (const backend of BACKENDS) {
  describe(`structured errors on ${backend}`, () => {
    const x = new Float32Array([1, -2, 3, -4, 5, -6, 7, -8]);
    const dy = new Float32Array(8).fill(0.5);

    it('rowLength: not dividing, not a positive integer, not a number; odd for glu', () => {
      setBackend(backend);
      rejects(RangeError, /^softmax: rowLength 3 does not divide the length 8 of x$/, (out) => softmax(x, { rowLength: 3, out }), [x]);
      rejects(RangeError, /^logSoftmax: rowLength must be a positive integer; got 2\.5$/, (out) => logSoftmax(x, { rowLength: 2.5, out }), [x]);
      rejects(RangeError, /rowLength must be a positive integer; got 0/, (out) => softmin(x, { rowLength: 0, out }), [x]);
      rejects(RangeError, /rowLength must be a positive integer; got -4/, (out) => softmax(x, { rowLength: -4, out }), [x]);
      rejects(TypeError, /^softmax: rowLength must be a number; got "4"$/, (out) => softmax(x, { rowLength: '4' as never, out }), [x]);
      rejects(RangeError, /^softmax\.backward: rowLength 5 does not divide the length 8/, (out) => softmax.backward(dy, x, { rowLength: 5, out }), [x, dy]);
      rejects(RangeError, /^glu: rowLength must be even \(halves a and b\); got 1$/, (out) => glu(x, { rowLength: 1, out }), [x], 4);
      rejects(RangeError, /^glu: x has odd length 7; the halves need an even rowLength/, (out) => glu(x.subarray(1), { out }), [x], 3);
      rejects(RangeError, /^glu\.backward: rowLength 6 does not divide the length 8 of x$/, (out) => glu.backward(dy.subarray(0, 4), x, { rowLength: 6, out }), [x, dy]);
    });

    it('lengths: out, dy and y; glu output and dy are half of x', () => {
      setBackend(backend);
      rejects(RangeError, /^softmax: out has length 7 but the result has length 8$/, () => softmax(x, { rowLength: 8, out: new Float32Array(7).fill(SENTINEL) }), [x]);
      rejects(RangeError, /^softmax\.backwardFromOutput: y has length 7 but dy has length 8$/, (out) => softmax.backwardFromOutput(dy, x.subarray(1), { rowLength: 8, out }), [x, dy]);
      rejects(RangeError, /^glu: out has length 8 but the result has length 4$/, (out) => glu(x, { out }), [x]);
      rejects(RangeError, /^glu\.backward: dy has length 8 but glu's output \(half of x's 8\) has length 4$/, (out) => glu.backward(dy, x, { out }), [x, dy]);
      rejects(RangeError, /^glu\.backward: out has length 4 but the result has length 8$/, (out) => glu.backward(dy.subarray(0, 4), x, { out }), [x, dy], 4);
      rejects(RangeError, /^prelu\.backward: x has length 7 but dy has length 8$/, (out) => prelu.backward(dy, x.subarray(1), { out }), [x, dy]);
      const buf = new Float32Array(16);
      buf.set(x);
      const copy = buf.slice();
      rejects(RangeError, /out overlaps an input/, () => softmax(buf.subarray(0, 8), { rowLength: 8, out: buf.subarray(2, 10) }));
      rejects(RangeError, /out overlaps an input/, () => glu(buf.subarray(0, 8), { out: buf.subarray(0, 4) }));
      expect(buf).toEqual(copy);
    });

    it('types: arrays, opts, unknown options (named with what the function takes)', () => {
      setBackend(backend);
      rejects(TypeError, /^softmax: x must be a (?:Float16Array, )?Float32Array or Float64Array; got Array\(3\)$/, () => softmax([1, 2, 3] as never));
      rejects(TypeError, /^softmin\.backward: x must be a Float32Array like dy; got Float64Array\(8\)$/, (out) => softmin.backward(dy, new Float64Array(8) as never, { out }), [dy]);
      rejects(TypeError, /^glu: out must be a Float32Array like the input; got Float64Array\(4\)$/, () => glu(x, { out: new Float64Array(4) as never }), [x]);
      rejects(TypeError, /^softmax: opts must be an object; got 4$/, () => softmax(x, 4 as never), [x]);
      rejects(TypeError, /^softmax: unknown option "axis"; softmax takes out, rowLength, shape, dim$/, (out) => softmax(x, { axis: 1, out } as never), [x]);
      rejects(TypeError, /^glu\.backward: unknown option "axis"; glu\.backward takes out, rowLength, shape, dim$/, (out) => glu.backward(dy, x, { axis: -1, out } as never), [x, dy]);
      rejects(TypeError, /^prelu\.weightGradient: unknown option "out"; prelu\.weightGradient takes weight, layout, innerSize$/, (out) => prelu.weightGradient(dy, x, { out } as never), [x, dy]);
      rejects(TypeError, /^rrelu\.backward: unknown option "seed"; rrelu\.backward takes out, lower, upper, training, noise$/, (out) => rrelu.backward(dy, x, { seed: 1, out } as never), [x, dy]);
      rejects(TypeError, /^rrelu\.derivative: unknown option "noise"/, (out) => rrelu.derivative(x, { noise: dy, out } as never), [x, dy]);
    });

    it('prelu: weight length, layout, innerSize, NaN and wrong types', () => {
      setBackend(backend);
      const w3 = new Float32Array([0.1, 0.2, 0.3]);
      rejects(RangeError, /^prelu: x has length 8, not a multiple of C·innerSize = 3·1 \(weight length × innerSize\)$/, (out) => prelu(x, { weight: w3, out }), [x]);
      rejects(RangeError, /^prelu: x has length 8, not a multiple of the 3 channels of weight \(channelsLast\)$/, (out) => prelu(x, { weight: w3, layout: 'channelsLast', out }), [x]);
      rejects(RangeError, /^prelu\.backward: x has length 8, not a multiple of C·innerSize = 2·3/, (out) => prelu.backward(dy, x, { weight: w3.subarray(1), innerSize: 3, out }), [x, dy]);
      rejects(RangeError, /innerSize applies to layout 'channelsFirst' only; got innerSize 2 with 'channelsLast'/, (out) => prelu(x, { weight: w3.subarray(1), layout: 'channelsLast', innerSize: 2, out }), [x]);
      rejects(TypeError, /^prelu: layout must be one of "channelsFirst", "channelsLast"; got "NCHW"$/, (out) => prelu(x, { layout: 'NCHW' as never, out }), [x]);
      rejects(RangeError, /^prelu: innerSize must be a positive integer; got 1\.5$/, (out) => prelu(x, { innerSize: 1.5, out }), [x]);
      rejects(RangeError, /^prelu: weight must not be NaN$/, (out) => prelu(x, { weight: NaN, out }), [x]);
      rejects(RangeError, /^prelu: weight\[1\] is NaN$/, (out) => prelu(x, { weight: new Float32Array([1, NaN]), out }), [x]);
      rejects(RangeError, /weight must hold at least one slope/, (out) => prelu(x, { weight: new Float32Array(0), out }), [x]);
      rejects(TypeError, /^prelu: weight must be a number, (?:Float16Array, )?Float32Array or Float64Array; got Array\(2\)$/, (out) => prelu(x, { weight: [1, 2] as never, out }), [x]);
      rejects(RangeError, /^prelu\.weightGradient: x has length 8, not a multiple/, () => prelu.weightGradient(dy, x, { weight: w3 }), [x, dy]);
    });

    it('rrelu: bounds, training, seed, noise', () => {
      setBackend(backend);
      rejects(RangeError, /^rrelu: lower must not exceed upper; got lower 0\.5, upper 0\.25$/, (out) => rrelu(x, { lower: 0.5, upper: 0.25, out }), [x]);
      rejects(RangeError, /^rrelu: lower must not be NaN$/, (out) => rrelu(x, { lower: NaN, out }), [x]);
      rejects(RangeError, /^rrelu\.backward: upper must be finite; got Infinity$/, (out) => rrelu.backward(dy, x, { upper: Infinity, out }), [x, dy]);
      rejects(TypeError, /^rrelu: training must be a boolean; got 1$/, (out) => rrelu(x, { training: 1 as never, out }), [x]);
      rejects(RangeError, /^rrelu: seed must be a non-negative safe integer; got -1$/, (out) => rrelu(x, { training: true, seed: -1, out }), [x]);
      rejects(RangeError, /seed must be a non-negative safe integer; got 0\.5/, (out) => rrelu(x, { training: true, seed: 0.5, out }), [x]);
      rejects(TypeError, /^rrelu\.backward: training mode needs the noise the training forward wrote/, (out) => rrelu.backward(dy, x, { training: true, out }), [x, dy]);
      const noise = new Float32Array(8).fill(SENTINEL);
      rejects(RangeError, /^rrelu: noise has length 7 but x has length 8$/, (out) => rrelu(x, { training: true, noise: noise.subarray(1), out }), [x, noise]);
      rejects(TypeError, /^rrelu: noise must be a Float32Array like x; got Float64Array\(8\)$/, (out) => rrelu(x, { training: true, noise: new Float64Array(8) as never, out }), [x, noise]);
      rejects(TypeError, /^rrelu: noise must be a (?:Float16Array, )?Float32Array or Float64Array; got Array\(0\)$/, (out) => rrelu(x, { training: true, noise: [] as never, out }), [x, noise]);
      const xc = x.slice();
      rejects(RangeError, /^rrelu: noise must not share memory with x or out$/, (out) => rrelu(xc, { training: true, noise: xc, out }), [xc]);
      rejects(RangeError, /noise must not share memory with x or out/, (out) => rrelu(x, { training: true, noise: out, out }), [x]);
      rejects(RangeError, /^rrelu\.backward: noise has length 4 but x has length 8$/, (out) => rrelu.backward(dy, x, { training: true, noise: noise.subarray(4), out }), [x, dy, noise]);
    });

    it('zero-copy errors leave wasm memory untouched', () => {
      setBackend(backend);
      const b = allocate(8);
      b.array.set(x);
      const o = allocate(8);
      o.array.fill(SENTINEL);
      expect(() => softmax(b.array, { rowLength: 3, out: o.array })).toThrow(RangeError);
      expect(() => glu(b.array, { out: o.array })).toThrow(RangeError);
      expect(() => prelu(b.array, { weight: new Float32Array(3), out: o.array })).toThrow(RangeError);
      expect(() => rrelu(b.array, { training: true, noise: o.array.subarray(1), out: o.array })).toThrow(RangeError);
      expect(o.array.every((v) => v === SENTINEL)).toBe(true);
      expect(b.array).toEqual(x);
      b.dispose();
      o.dispose();
    });
  });
}

describe('structured catalogue rows', () => {
  it('every row has a public function; methods it lacks throw TypeErrors that point to backward', () => {
    const x = new Float32Array(4);
    for (const spec of STRUCTURED) {
      const fn = STRUCTURED_FUNCTIONS.get(spec.name) as unknown as Record<string, (...a: unknown[]) => unknown>;
      expect(typeof fn, spec.name).toBe('function');
      for (const m of ['backward', 'backwardFromOutput', 'derivative'] as const) {
        expect(typeof fn[m], `${spec.name}.${m}`).toBe('function');
        if (!spec.methods.includes(m)) expect(() => fn[m]!(x, x), `${spec.name}.${m}`).toThrow(/use \w+\.backward/);
      }
      expect(spec.formula.length && spec.gradient.length && spec.accuracy.length).toBeGreaterThan(0);
      for (const o of spec.options) expect(o.doc.length, `${spec.name}.${o.name}`).toBeGreaterThan(0);
    }
  });
});
