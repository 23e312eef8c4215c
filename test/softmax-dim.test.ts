// The softmax family over any dimension of a row-major shape ({ shape, dim }), and glu over
// any dimension: against the float64 row oracles applied to each gathered column, with the
// family's accuracy contract, on every backend and both memory paths; the last dimension
// gives the rowLength results bit for bit; errors name the option.

import { afterEach, describe, expect, it } from 'vitest';
import { glu, logSoftmax, setBackend, softmax, softmin } from '../src/index.js';
import type { RowwiseActivation } from '../src/index.js';
import { BACKENDS, PATHS } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';
import { SOFTMAX_ORACLES, type SoftmaxName } from './support/rows-reference.js';
import { call, compare, sameBits, within, worstTable } from './support/structured.js';

const FUNCTIONS: Record<SoftmaxName, RowwiseActivation> = { softmax, logSoftmax, softmin };
const BOUNDS: Record<SoftmaxName, { maxUlp: number; maxAbs: number }> = {
  softmax: { maxUlp: 8, maxAbs: 2 ** -23 },
  softmin: { maxUlp: 8, maxAbs: 2 ** -23 },
  logSoftmax: { maxUlp: 4, maxAbs: 2 ** -21 },
};

afterEach(() => {
  setBackend('auto');
});

/** [slabs, size, inner] of a shape and dim. */
function geometry(shape: readonly number[], dim: number): [number, number, number] {
  const d = dim < 0 ? dim + shape.length : dim;
  const prod = (a: readonly number[]) => a.reduce((p, v) => p * v, 1);
  return [prod(shape.slice(0, d)), shape[d]!, prod(shape.slice(d + 1))];
}

/** f applied to every column (slab, inner position) of the inputs, scattered back. */
function byColumns(shape: readonly number[], dim: number, inputs: readonly ArrayLike<number>[], f: (...cols: number[][]) => number[]): Float64Array {
  const [slabs, size, inner] = geometry(shape, dim);
  const out = new Float64Array(slabs * size * inner);
  for (let s = 0; s < slabs; s++) {
    for (let l = 0; l < inner; l++) {
      const at = (j: number) => (s * size + j) * inner + l;
      const cols = inputs.map((a) => Array.from({ length: size }, (_, j) => a[at(j)]!));
      f(...cols).forEach((v, j) => (out[at(j)] = v));
    }
  }
  return out;
}

function data(n: number, seed: number, scale = 12): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, (_, i) => (i % 97 === 5 ? -Infinity : (r() * 2 - 1) * scale));
}

// [shape, dim]: small and odd shapes, negative dims, a dimension longer than one scratch
// chunk with inner positions (columns composed), slabs bigger than a chunk (gathered blocks).
const CASES: [number[], number][] = [
  [[2, 3, 5], 0], [[2, 3, 5], 1], [[2, 3, 5], -1], [[4, 21, 6, 7], 1], [[3, 1, 9], 1], [[5, 7], -2],
  [[2, 21, 4100], 1], [[1, 9000, 2], 1],
];

for (const name of Object.keys(FUNCTIONS) as SoftmaxName[]) {
  const fn = FUNCTIONS[name];
  const oracle = SOFTMAX_ORACLES[name];
  const { maxUlp, maxAbs } = BOUNDS[name];
  describe(`${name} over any dimension`, () => {
    for (const [shape, dim] of CASES) {
      const n = shape.reduce((p, v) => p * v, 1);
      const x = data(n, n + dim);
      const dy = data(n, n + 7, 2).map((v) => (Number.isFinite(v) ? v : 1));
      const opts = { shape, dim };
      const yRef = byColumns(shape, dim, [x], (c) => oracle.forward(c));
      const y = Float32Array.from(yRef);
      const backRef = byColumns(shape, dim, [dy, x], (g, v) => oracle.backward(g, v));
      const fromRef = byColumns(shape, dim, [dy, y], (g, v) => oracle.fromOutput(g, v));
      const scale = byColumns(shape, dim, [dy], (g) => { const s = g.reduce((a, v) => a + Math.abs(v), 0); return g.map(() => s); });
      const gradCheck = (got: number, ref: number, i: number) => within(got, ref, 4, 2 ** -22 * Math.max(1, scale[i]!));
      for (const backend of BACKENDS) {
        it(`shape [${shape}] dim ${dim} on ${backend}: forward, backward, backwardFromOutput; paths bitwise equal`, () => {
          const cases = [
            { mode: 'forward', args: [x], ref: yRef, check: (g: number, r: number) => within(g, r, maxUlp, maxAbs) },
            { mode: 'backward', args: [dy, x], ref: backRef, check: gradCheck },
            { mode: 'backwardFromOutput', args: [dy, y], ref: fromRef, check: gradCheck },
          ] as const;
          for (const c of cases) {
            const f = c.mode === 'forward' ? fn : fn[c.mode];
            const [streamed, zeroCopy] = PATHS.map((path) => call(backend, path, f, c.args, n, opts));
            expect(sameBits(streamed!, zeroCopy!), `${c.mode}: streamed and zero-copy differ`).toBe(true);
            expect(compare(`${name}|dim|${c.mode}|${backend}`, streamed!, c.ref, c.check, 2 ** -7), c.mode).toEqual([]);
          }
        });
      }
    }

    it('the last dimension is rowLength, bit for bit; in place works', () => {
      for (const backend of BACKENDS) {
        setBackend(backend);
        const x = data(6 * 35, 3);
        const dy = data(6 * 35, 4, 1).map((v) => (Number.isFinite(v) ? v : 0.5));
        expect(sameBits(fn(x, { shape: [6, 5, 7], dim: 2 }), fn(x, { rowLength: 7 })), backend).toBe(true);
        expect(sameBits(fn(x, { shape: [6, 5, 7], dim: -1 }), fn(x, { rowLength: 7 })), backend).toBe(true);
        const want = fn.backward(dy, x, { shape: [6, 5, 7], dim: 1 });
        const inPlace = dy.slice();
        fn.backward(inPlace, x, { shape: [6, 5, 7], dim: 1, out: inPlace });
        expect(sameBits(inPlace, want), `${backend}: backward in place over dy`).toBe(true);
        const yWant = fn(x, { shape: [6, 5, 7], dim: 0 });
        const xc = x.slice();
        expect(fn(xc, { shape: [6, 5, 7], dim: 0, out: xc })).toBe(xc);
        expect(sameBits(xc, yWant), `${backend}: forward in place`).toBe(true);
      }
    });
  });
}

describe('glu over any dimension', () => {
  it('halves dimension dim: the same as rows of size·inner; odd dimensions are rejected', () => {
    for (const backend of BACKENDS) {
      setBackend(backend);
      const x = data(4 * 6 * 5, 9).map((v) => (Number.isFinite(v) ? v : -3));
      expect(sameBits(glu(x, { shape: [4, 6, 5], dim: 1 }), glu(x, { rowLength: 30 })), backend).toBe(true);
      expect(sameBits(glu(x, { shape: [4, 6, 5], dim: 0 }), glu(x, { rowLength: 120 })), backend).toBe(true);
      const dy = data(60, 10, 1).map((v) => (Number.isFinite(v) ? v : 1));
      expect(sameBits(glu.backward(dy, x, { shape: [4, 6, 5], dim: -2 }), glu.backward(dy, x, { rowLength: 30 })), backend).toBe(true);
      expect(() => glu(x, { shape: [4, 6, 5], dim: 2 })).toThrow(/glu: dimension 2 of shape has odd size 5; glu halves it/);
    }
  });
});

describe('shape and dim errors', () => {
  const x = new Float32Array(24);
  it('name the option and change nothing', () => {
    const out = new Float32Array(24).fill(7);
    expect(() => softmax(x, { shape: [2, 3, 5], dim: 1, out })).toThrow(/softmax: shape \[2, 3, 5\] holds 30 elements but x has length 24/);
    expect(() => softmax(x, { shape: [2, 3, 4], dim: 3, out })).toThrow(/dim must be in \[-3, 2\] for a shape of 3 dimensions; got 3/);
    expect(() => softmax(x, { shape: [2, 3, 4], dim: -4 })).toThrow(RangeError);
    expect(() => softmax(x, { shape: [2, 3, 4] } as never)).toThrow(/softmax: shape needs dim/);
    expect(() => softmax(x, { dim: 1 } as never)).toThrow(/softmax: dim needs shape/);
    expect(() => softmax(x, { rowLength: 4, shape: [2, 3, 4], dim: 1 } as never)).toThrow(/softmax: pass rowLength or \{ shape, dim \}, not both/);
    expect(() => softmax(x, { shape: '2,3,4', dim: 1 } as never)).toThrow(/softmax: shape must be an array of dimension sizes; got "2,3,4"/);
    expect(() => softmax(x, { shape: [2, -3, 4], dim: 1 })).toThrow(/softmax: shape\[1\] must be a non-negative integer; got -3/);
    expect(() => softmax(x, { shape: [2, 3, 4], dim: 1.5 })).toThrow(/softmax: dim must be an integer; got 1.5/);
    expect(() => logSoftmax.backward(x, x, { shape: [24], dim: 1 })).toThrow(/logSoftmax\.backward: dim must be in \[-1, 0\]/);
    expect(() => softmax(x)).toThrow(/or \{ shape, dim \} for another dimension/);
    expect(out.every((v) => v === 7)).toBe(true);
  });
  it('a shape is read once, element by element', () => {
    let reads = 0;
    const shape = new Proxy([2, 3, 4], { get: (t, k, r) => (k === '1' ? (reads++, 3) : Reflect.get(t, k, r)) });
    softmax(x, { shape, dim: 1 });
    expect(reads).toBe(1);
  });
});

describe('reports', () => {
  it('worst errors', () => {
    console.log(worstTable('softmax family over a dimension: worst ULP where |reference| ≥ 2^-7, worst absolute error, fraction of the contract'));
  });
});
