// glu × backend × memory path: forward and both halves of the gradient against float64
// oracles, over rows from 2 to 3·CHUNK+6 elements (halves with odd lengths, rows longer
// than the scratch) and values that reach every regime of σ (saturation, subnormal σ,
// ±Inf, NaN); streamed and zero-copy bitwise equal; in place; finite differences.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { activate, glu, setBackend } from '../src/index.js';
import { CHUNK } from '../src/memory.js';
import { BACKENDS, PATHS } from './support/harness.js';
import { SPECIALS, mulberry32 } from './support/inputs.js';
import { byRows, gluGrad, gluValue, sigma, sigmaPrime } from './support/rows-reference.js';
import { call, compare, partial, sameBits, weighted, within, worstTable } from './support/structured.js';
import { fromBits } from './support/ulp.js';

const LENGTHS = [2, 4, 6, 14, 64, 1000, CHUNK - 2, CHUNK, CHUNK + 2, 3 * CHUNK + 6];

/** Values for a and b: mostly ordinary, some far out (σ saturated or subnormal), bit patterns, specials. */
function values(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => {
    const p = rand();
    if (p < 0.75) return (rand() * 2 - 1) * 20;
    if (p < 0.88) return (rand() * 2 - 1) * 200;
    if (p < 0.95) return (rand() < 0.5 ? -1 : 1) * fromBits(Math.floor(rand() * 0x7f800000));
    return SPECIALS[Math.floor(rand() * SPECIALS.length)]!;
  });
}

/** n elements of x in rows of len: about 40k elements, at least 4 rows. */
function inputs(len: number): { x: Float32Array; rows: number; dy: Float32Array } {
  const rows = Math.max(4, Math.ceil(40000 / len));
  const x = values(rows * len, len);
  const rand = mulberry32(len + 1);
  const dy = Float32Array.from({ length: x.length / 2 }, () => (rand() * 2 - 1) * 4);
  return { x, rows, dy };
}

afterEach(() => {
  setBackend('auto');
});

describe('glu accuracy', () => {
  for (const len of LENGTHS) {
    const { x, rows, dy } = inputs(len);
    const h = len / 2;
    const opts = { rowLength: len };
    const yRef = byRows(rows, [x], (r) => r.slice(0, h).map((a, j) => gluValue(a, r[h + j]!)));
    const dxRef = byRows(rows, [dy, x], (g, r) => {
      const grads = g.map((gj, j) => gluGrad(gj, r[j]!, r[h + j]!));
      return [...grads.map((d) => d[0]), ...grads.map((d) => d[1])];
    });
    /** |a| of the output element i (row r, position j) and of dx element i. */
    const aOfOut = (i: number) => Math.abs(x[Math.floor(i / h) * len + (i % h)]!);
    /** For db (second half of a dx row) the scale of the product is |dy·a|; for da it is |dy|. */
    const aOfDx = (i: number) => (i % len < h ? 1 : Math.abs(x[Math.floor(i / len) * len + (i % len) % h]!));
    /** σ(b) and σ'(b) are normal floats (b > -87.3): the elements counted in the ULP statistic. */
    const bOfOut = (i: number) => x[Math.floor(i / h) * len + h + (i % h)]!;
    const bOfDx = (i: number) => x[Math.floor(i / len) * len + h + (i % len) % h]!;
    const dyOfDx = (i: number) => Math.abs(dy[Math.floor(i / len) * h + (i % len) % h]!);
    for (const backend of BACKENDS) {
      it(`${rows} rows of ${len} on ${backend}: forward and backward (both halves); paths bitwise equal`, () => {
        const [fs, fz] = PATHS.map((path) => call(backend, path, glu, [x], x.length / 2, opts));
        expect(sameBits(fs!, fz!), 'forward: streamed and zero-copy differ').toBe(true);
        expect(compare(`glu|forward|${backend}`, fs!, yRef, (g, r, i) =>
          within(g, r, 4, Math.max(2 ** -126, aOfOut(i) * 2 ** -147)), 2 ** -126, (i) => Math.abs(bOfOut(i)) < 87.3)).toEqual([]);
        const [bs, bz] = PATHS.map((path) => call(backend, path, glu.backward, [dy, x], x.length, opts));
        expect(sameBits(bs!, bz!), 'backward: streamed and zero-copy differ').toBe(true);
        expect(compare(`glu|backward|${backend}`, bs!, dxRef, (g, r, i) =>
          within(g, r, 4, 2 ** -24 * Math.max(1, dyOfDx(i) * Math.max(1, aOfDx(i)))), 2 ** -126, (i) => Math.abs(bOfDx(i)) < 87.3)).toEqual([]);
      });
    }
  }
});

describe('glu semantics', () => {
  for (const backend of BACKENDS) {
    it(`halves, default rowLength, special values, activate() on ${backend}`, () => {
      setBackend(backend);
      const x = new Float32Array([1, -2, 0, 100]);
      const y = glu(x);
      expect(y.length).toBe(2);
      expect(y[0]).toBe(0.5);
      expect(y[1]).toBe(-2);
      expect(sameBits(activate('glu', x, { rowLength: 2 }), glu(x, { rowLength: 2 }))).toBe(true);
      const z = glu(new Float32Array([1, 2, -Infinity, 3]), { rowLength: 2 });
      expect(Math.abs(z[0]! - sigma(2))).toBeLessThanOrEqual(3 * 2 ** -24);
      expect(z[1]).toBe(-Infinity);
      // ∞·σ(b) = ∞ for b > -∞ even where σ(b) underflows in float32; ∞·σ(-∞) and NaN give NaN
      expect(Array.from(glu(new Float32Array([Infinity, -200, -Infinity, -1e30]), { rowLength: 2 }))).toEqual([Infinity, -Infinity]);
      expect(Number.isNaN(glu(new Float32Array([Infinity, -Infinity]))[0]!)).toBe(true);
      expect(Array.from(glu.backward(new Float32Array([Infinity]), new Float32Array([2, -500])))).toEqual([Infinity, Infinity]);
      expect(Number.isNaN(glu.backward(new Float32Array([Infinity]), new Float32Array([0, 1]))[1]!)).toBe(true);
      expect(Number.isNaN(glu(new Float32Array([NaN, 1]))[0]!)).toBe(true);
      expect(Number.isNaN(glu(new Float32Array([1, NaN]))[0]!)).toBe(true);
      const dx = glu.backward(new Float32Array([2]), new Float32Array([3, 0]));
      expect(Array.from(dx)).toEqual([1, Math.fround(2 * 3 * 0.25)]);
    });

    it(`in place (out === x for backward), unaligned views, rows longer than scratch on ${backend}`, () => {
      setBackend(backend);
      for (const len of [6, 2 * CHUNK + 4]) {
        const n = 3 * len;
        const big = values(n + 5, 3);
        const x = big.subarray(1, 1 + n);
        const dy = values(n / 2, 4).map((v) => (Number.isFinite(v) ? v % 3 : 1));
        const want = glu.backward(dy, x.slice(), { rowLength: len });
        const outBig = new Float32Array(n + 4).fill(7);
        const out = outBig.subarray(2, 2 + n);
        glu.backward(dy, x, { rowLength: len, out });
        expect(sameBits(out, want)).toBe(true);
        expect([outBig[1], outBig[2 + n]]).toEqual([7, 7]);
        const xc = x.slice();
        expect(glu.backward(dy, xc, { rowLength: len, out: xc })).toBe(xc);
        expect(sameBits(xc, want)).toBe(true);
        const yWant = glu(x.slice(), { rowLength: len });
        expect(sameBits(glu(x, { rowLength: len }), yWant)).toBe(true);
      }
    });
  }

  it('derivative and backwardFromOutput throw TypeErrors that point to backward', () => {
    expect(() => glu.derivative(new Float32Array(2))).toThrow(/use glu\.backward/);
    expect(() => glu.backwardFromOutput(new Float32Array(1), new Float32Array(1))).toThrow(TypeError);
  });

  it('float64 data: float64 results; backward matches central finite differences', () => {
    const rand = mulberry32(21);
    const x = Float64Array.from({ length: 24 }, () => (rand() * 2 - 1) * 5);
    const dy = Float64Array.from({ length: 12 }, () => rand() * 2 - 1);
    const opts = { rowLength: 8 };
    const y = glu(x, opts);
    expect(y).toBeInstanceOf(Float64Array);
    y.forEach((v, i) => {
      const r = Math.floor(i / 4);
      const j = i % 4;
      expect(Math.abs(v - x[r * 8 + j]! * sigma(x[r * 8 + 4 + j]!))).toBeLessThan(1e-15);
    });
    const loss = weighted(dy, (v) => glu(v, opts));
    const lossRef = weighted(dy, (v) => byRows(3, [v], (r) => r.slice(0, 4).map((a, j) => a * sigma(r[4 + j]!))));
    const dx = glu.backward(dy, x, opts);
    const dxRef = byRows(3, [dy, x], (g, r) => [...g.map((gj, j) => gj * sigma(r[4 + j]!)), ...g.map((gj, j) => gj * r[j]! * sigmaPrime(r[4 + j]!))]);
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(dx[i]! - partial(loss, x, i))).toBeLessThan(1e-7);
      expect(Math.abs(dxRef[i]! - partial(lossRef, x, i))).toBeLessThan(1e-7);
    }
  });
});

afterAll(() => {
  console.log(worstTable('glu: worst ULP where the reference and σ(b) are normal, worst absolute error, largest fraction of the contract used'));
});
