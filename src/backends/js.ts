// The pure-JavaScript backend: float64 math, rounded once on store. The most accurate
// backend, used where WebAssembly is unavailable, for Float64Array data, and on demand.

import {
  isGenerated, type Backend, type ElementOp, type FloatArray, type Operand, type PairOp, type ReduceOp,
  type RowOp, type TripleOp,
} from './backend.js';

/** Elements per block when generated operands are materialised. */
const BLOCK = 8192;

/** Operand values for a block [lo, hi): element i is `array[i - offset]`. */
interface View {
  readonly array: FloatArray;
  readonly offset: number;
}

/**
 * Calls `body(lo, hi, views)` over [0, n): in one piece when every operand is an array,
 * else in blocks, with each generated operand filled into a block buffer.
 */
function blocks(n: number, operands: readonly Operand[], body: (lo: number, hi: number, views: View[]) => void): void {
  if (!operands.some(isGenerated)) {
    body(0, n, operands.map((o) => ({ array: o as FloatArray, offset: 0 })));
    return;
  }
  const temps = operands.map((o) => (isGenerated(o) ? new Float64Array(Math.min(n, BLOCK)) : undefined));
  for (let lo = 0; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    const views = operands.map((o, k): View => {
      if (!isGenerated(o)) return { array: o, offset: 0 };
      const t = temps[k]!.subarray(0, hi - lo);
      o.fill(t, lo);
      return { array: t, offset: lo };
    });
    body(lo, hi, views);
  }
}

export const jsBackend: Backend = {
  name: 'js',
  maxRowLength: Infinity,

  map(op: ElementOp, x: FloatArray, out: FloatArray): void {
    const { js: f, a, b } = op;
    const n = x.length;
    for (let i = 0; i < n; i++) out[i] = f(x[i]!, a, b);
  },

  map2(op: PairOp, u: Operand, v: Operand, out: FloatArray): void {
    const { js: f, a, b } = op;
    blocks(out.length, [u, v], (lo, hi, [U, V]) => {
      const { array: ua, offset: uo } = U!;
      const { array: va, offset: vo } = V!;
      for (let i = lo; i < hi; i++) out[i] = f(ua[i - uo]!, va[i - vo]!, a, b);
    });
  },

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: FloatArray): void {
    const { js: f, a, b } = op;
    blocks(out.length, [u, v, w], (lo, hi, [U, V, W]) => {
      const { array: ua, offset: uo } = U!;
      const { array: va, offset: vo } = V!;
      const { array: wa, offset: wo } = W!;
      for (let i = lo; i < hi; i++) out[i] = f(ua[i - uo]!, va[i - vo]!, wa[i - wo]!, a, b);
    });
  },

  rows(op: RowOp, inputs: readonly FloatArray[], out: FloatArray, rows: number): void {
    op.js(inputs, out, rows, op.a, op.b);
  },

  reduce(op: ReduceOp, inputs: readonly FloatArray[]): number {
    const { js: f, a, b } = op;
    const u = inputs[0]!;
    const v = inputs[1] ?? u;
    const n = u.length;
    if (op.combine === 'max') {
      let m = -Infinity;
      for (let i = 0; i < n; i++) m = Math.max(m, f(u[i]!, v[i]!, a, b));
      return m;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += f(u[i]!, v[i]!, a, b);
    return s;
  },
};
