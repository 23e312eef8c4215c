// softmax, logSoftmax and softmin × backend × memory path over varied rows (lengths 1 to
// 3·CHUNK+5; spreads, extreme magnitudes, ties, ±Inf, NaN) against float64 oracles with
// the accuracy contract; streamed and zero-copy results must be bitwise equal. Also:
// PyTorch's special-value semantics, row independence, in place, views, float64 data,
// finite differences. The worst measured errors are printed at the end.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { activate, allocate, logSoftmax, setBackend, softmax, softmin, type RowwiseActivation } from '../src/index.js';
import { CHUNK } from '../src/memory.js';
import { BACKENDS, PATHS } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';
import { SOFTMAX_ORACLES, byRows, type SoftmaxName } from './support/rows-reference.js';
import {
  ROW_LENGTHS, call, compare, partial, rowAbsSums, rowGradients, sameBits, varietyRows, weighted, within, worstTable,
} from './support/structured.js';

const FUNCTIONS: Record<SoftmaxName, RowwiseActivation> = { softmax, logSoftmax, softmin };
/** The contract: forward ≤ maxUlp ULP or absolute ≤ maxAbs; backward ≤ 4 ULP or ≤ 2^-22·max(1, Σ|dy| of the row). */
const BOUNDS: Record<SoftmaxName, { maxUlp: number; maxAbs: number }> = {
  softmax: { maxUlp: 8, maxAbs: 2 ** -23 },
  softmin: { maxUlp: 8, maxAbs: 2 ** -23 },
  logSoftmax: { maxUlp: 4, maxAbs: 2 ** -21 },
};

afterEach(() => {
  setBackend('auto');
});

for (const name of Object.keys(FUNCTIONS) as SoftmaxName[]) {
  const fn = FUNCTIONS[name];
  const oracle = SOFTMAX_ORACLES[name];
  const { maxUlp, maxAbs } = BOUNDS[name];
  describe(`${name} accuracy`, () => {
    for (const len of ROW_LENGTHS) {
      const { x, rows } = varietyRows(len);
      const dy = rowGradients(x.length, len);
      const opts = { rowLength: len };
      const yRef = byRows(rows, [x], (r) => oracle.forward(r));
      // y-form inputs: the float32 outputs of the reference
      const y = Float32Array.from(yRef);
      const fromOutputRef = byRows(rows, [dy, y], (g, v) => oracle.fromOutput(g, v));
      const backwardRef = byRows(rows, [dy, x], (g, v) => oracle.backward(g, v));
      const scale = rowAbsSums(dy, len);
      const gradCheck = (got: number, ref: number, i: number) => within(got, ref, 4, 2 ** -22 * Math.max(1, scale[i]!));
      for (const backend of BACKENDS) {
        it(`${rows} rows of ${len} on ${backend}: forward, backward, backwardFromOutput; paths bitwise equal`, () => {
          const cases = [
            { mode: 'forward', args: [x], ref: yRef, check: (g: number, r: number) => within(g, r, maxUlp, maxAbs) },
            { mode: 'backward', args: [dy, x], ref: backwardRef, check: gradCheck },
            { mode: 'backwardFromOutput', args: [dy, y], ref: fromOutputRef, check: gradCheck },
          ] as const;
          for (const c of cases) {
            const f = c.mode === 'forward' ? fn : fn[c.mode];
            const [streamed, zeroCopy] = PATHS.map((path) => call(backend, path, f, c.args, x.length, opts));
            expect(sameBits(streamed!, zeroCopy!), `${c.mode}: streamed and zero-copy differ`).toBe(true);
            expect(compare(`${name}|${c.mode}|${backend}`, streamed!, c.ref, c.check, 2 ** -7), c.mode).toEqual([]);
          }
        });
      }
    }
  });
}

describe('softmax family semantics', () => {
  const f32 = (a: number[]) => new Float32Array(a);
  for (const backend of BACKENDS) {
    it(`special values as PyTorch on ${backend}`, () => {
      setBackend(backend);
      expect(Array.from(softmax(f32([Infinity, 1, 2]), { rowLength: 3 }))).toEqual([NaN, NaN, NaN]);
      expect(Array.from(softmax(f32([-Infinity, 0, -Infinity]), { rowLength: 3 }))).toEqual([0, 1, 0]);
      expect(Array.from(softmax(f32([-Infinity, -Infinity]), { rowLength: 2 }))).toEqual([NaN, NaN]);
      expect(Array.from(logSoftmax(f32([-Infinity, 0]), { rowLength: 2 }))).toEqual([-Infinity, 0]);
      expect(Array.from(softmin(f32([Infinity, 0]), { rowLength: 2 }))).toEqual([0, 1]);
      expect(Array.from(softmin(f32([-Infinity, 0]), { rowLength: 2 }))).toEqual([NaN, NaN]);
      // NaN only poisons its own row
      const y = softmax(f32([1, NaN, 3, 0, 0, 0]), { rowLength: 3 });
      expect(Array.from(y.subarray(0, 3)).every(Number.isNaN)).toBe(true);
      expect(Array.from(y.subarray(3))).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
      // one-element rows: softmax 1, logSoftmax 0
      expect(Array.from(softmax(f32([5, -1e30, 0]), { rowLength: 1 }))).toEqual([1, 1, 1]);
      expect(Array.from(logSoftmax(f32([5, -1e30, 0]), { rowLength: 1 }))).toEqual([0, 0, 0]);
      expect(softmax(new Float32Array(0), { rowLength: 1 })).toEqual(new Float32Array(0));
      expect(() => softmax(f32([1, 2, 3]))).toThrow(/softmax: rowLength is required: .*\{ rowLength: 3 \} for one row of all 3 elements/);
      expect(() => logSoftmax.backward(f32([1, 2]), f32([1, 2]), {})).toThrow(TypeError);
      expect(() => softmin.backwardFromOutput(f32([1, 2]), f32([1, 2]))).toThrow(/softmin\.backwardFromOutput: rowLength is required/);
      // NaN in dy poisons the row of dx
      const dx = softmax.backwardFromOutput(f32([NaN, 1, 1, 1]), f32([0.5, 0.5, 0.5, 0.5]), { rowLength: 2 });
      expect(Number.isNaN(dx[0]!) && Number.isNaN(dx[1]!)).toBe(true);
      expect(Array.from(dx.subarray(2))).toEqual([0, 0]);
    });

    it(`rows are independent of their neighbours and position on ${backend}`, () => {
      setBackend(backend);
      for (const len of [3, 64, CHUNK + 1]) {
        const { x } = varietyRows(len, 9);
        const all = logSoftmax(x, { rowLength: len });
        const dy = rowGradients(x.length, len, 3);
        const dAll = softmax.backward(dy, x, { rowLength: len });
        for (const r of [0, 1, 5]) {
          const one = logSoftmax(x.slice(r * len, (r + 1) * len), { rowLength: len });
          expect(sameBits(one, all.subarray(r * len, (r + 1) * len))).toBe(true);
          const dOne = softmax.backward(dy.slice(r * len, (r + 1) * len), x.slice(r * len, (r + 1) * len), { rowLength: len });
          expect(sameBits(dOne, dAll.subarray(r * len, (r + 1) * len))).toBe(true);
        }
      }
    });

    it(`in place, unaligned views, odd lengths, one whole row, activate() on ${backend}`, () => {
      setBackend(backend);
      for (const len of [7, CHUNK + 1]) {
        const n = 3 * len;
        const big = new Float32Array(n + 8).map((_, i) => Math.sin(i) * 30);
        const x = big.subarray(1, 1 + n);
        const want = softmin(x.slice(), { rowLength: len });
        const outBig = new Float32Array(n + 8).fill(7);
        const out = outBig.subarray(3, 3 + n);
        expect(softmin(x, { rowLength: len, out })).toBe(out);
        expect(sameBits(out, want)).toBe(true);
        expect([outBig[2], outBig[3 + n]]).toEqual([7, 7]);
        const dy = new Float32Array(n).map((_, i) => Math.cos(i));
        const gWant = logSoftmax.backward(dy, x.slice(), { rowLength: len });
        const xc = x.slice();
        expect(logSoftmax(xc, { rowLength: len, out: xc })).toBe(xc);
        expect(sameBits(xc, logSoftmax(x, { rowLength: len }))).toBe(true);
        const dyc = dy.slice();
        logSoftmax.backward(dyc, x, { rowLength: len, out: dyc });
        expect(sameBits(dyc, gWant)).toBe(true);
        // backward in place on dy (e^(z-m) recomputed) equals the stored-e route, bit for bit
        for (const f of Object.values(FUNCTIONS)) {
          const d2 = dy.slice();
          f.backward(d2, x, { rowLength: len, out: d2 });
          expect(sameBits(d2, f.backward(dy, x, { rowLength: len }))).toBe(true);
        }
        const y = softmax(x, { rowLength: len });
        const fWant = softmax.backwardFromOutput(dy, y, { rowLength: len });
        softmax.backwardFromOutput(dy, y, { rowLength: len, out: y });
        expect(sameBits(y, fWant)).toBe(true);
      }
      const x = new Float32Array([1, 2, 3, 4, 5]);
      expect(sameBits(softmax(x, { rowLength: 5 }), softmax(x.subarray(0, 5), { rowLength: 5 }))).toBe(true);
      expect(sameBits(activate('softmax', x, { rowLength: 5 }), softmax(x, { rowLength: 5 }))).toBe(true);
      expect(sameBits(activate('logSoftmax', x, { rowLength: 5 }), logSoftmax(x, { rowLength: 5 }))).toBe(true);
      expect(() => activate('softmax', x)).toThrow(/rowLength is required/);
    });

    it(`zero-copy rows longer than the scratch, in place in wasm memory, on ${backend}`, () => {
      setBackend(backend);
      const len = 2 * CHUNK + 3;
      const x = new Float32Array(2 * len).map((_, i) => Math.sin(i * 0.37) * 40);
      const want = softmax(x, { rowLength: len });
      const b = allocate(x.length);
      b.array.set(x);
      softmax(b.array, { rowLength: len, out: b.array });
      expect(sameBits(b.array, want)).toBe(true);
      b.dispose();
    });
  }

  it('float64 data runs in float64 (js backend) and returns Float64Array', () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) * 5);
    for (const name of Object.keys(FUNCTIONS) as SoftmaxName[]) {
      const y = FUNCTIONS[name](x, { rowLength: 4 });
      expect(y).toBeInstanceOf(Float64Array);
      const ref = byRows(3, [x], (r) => SOFTMAX_ORACLES[name].forward(r));
      y.forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(ref[i]!))));
    }
  });

  it('derivative is not defined: a TypeError that points to backward', () => {
    for (const f of Object.values(FUNCTIONS)) {
      expect(() => f.derivative(new Float32Array(3))).toThrow(TypeError);
      expect(() => f.derivative(new Float32Array(3))).toThrow(/use \w+\.backward/);
    }
  });
});

describe('softmax family gradients against central finite differences (float64)', () => {
  const rand = mulberry32(17);
  const rows = [4, 7, 16].map((len) => Float64Array.from({ length: len }, () => (rand() * 2 - 1) * 6));
  for (const name of Object.keys(FUNCTIONS) as SoftmaxName[]) {
    it(name, () => {
      const fn = FUNCTIONS[name];
      const oracle = SOFTMAX_ORACLES[name];
      for (const x of rows) {
        const dy = Float64Array.from(x, () => rand() * 2 - 1);
        const row = { rowLength: x.length };
        const loss = weighted(dy, (v) => fn(v, row));
        const lossRef = weighted(dy, oracle.forward);
        const pkg = fn.backward(dy, x, row);
        const pkgY = fn.backwardFromOutput(dy, fn(x, row), row);
        const ref = oracle.backward(dy, x);
        for (let i = 0; i < x.length; i++) {
          const fd = partial(loss, x, i);
          expect(Math.abs(pkg[i]! - fd)).toBeLessThan(1e-7);
          expect(Math.abs(pkgY[i]! - fd)).toBeLessThan(1e-7);
          expect(Math.abs(ref[i]! - partial(lossRef, x, i))).toBeLessThan(1e-7);
        }
      }
    });
  }
});

afterAll(() => {
  console.log(worstTable('softmax family: worst ULP where |reference| ≥ 2^-7, worst absolute error, largest fraction of the contract used'));
});
