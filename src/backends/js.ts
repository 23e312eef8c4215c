// The pure-JavaScript backend: float64 math, rounded once on store. The most accurate
// backend, used where WebAssembly is unavailable, for Float64Array data, and on demand.
// Ops bring their own loop where they can (every catalogue activation does): see Op.

import { addChannelSums, type ChannelSums } from '../channels.js';
import {
  isGenerated, type Backend, type ElementOp, type FloatArray, type Operand, type PairOp, type ReduceOp,
  type RowOp, type StridedOp, type Strides, type TripleOp,
} from './backend.js';

/** Elements per block when generated operands are materialised. */
const BLOCK = 8192;

/**
 * Calls `body(lo, hi, arrays)` over [0, n): in one piece when every operand is an array,
 * else in blocks [lo, hi), with each generated operand filled into a block buffer and
 * every other operand a subarray, so `arrays[k][i - lo]` is element i of operand k. The
 * buffers have the element type the loops see for `out` (float32 data: Float32Array, so
 * the loop stays monomorphic; float64 data: Float64Array).
 */
function blocks(out: FloatArray, operands: readonly Operand[], body: (lo: number, hi: number, arrays: FloatArray[]) => void): void {
  const n = out.length;
  if (!operands.some(isGenerated)) {
    body(0, n, operands as FloatArray[]);
    return;
  }
  const Temp = out instanceof Float64Array ? Float64Array : Float32Array;
  const temps = operands.map((o) => (isGenerated(o) ? new Temp(Math.min(n, BLOCK)) : undefined));
  for (let lo = 0; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    const arrays = operands.map((o, k): FloatArray => {
      if (!isGenerated(o)) return o.subarray(lo, hi);
      const t = temps[k]!.subarray(0, hi - lo);
      o.fill(t, lo);
      return t;
    });
    body(lo, hi, arrays);
  }
}

export const jsBackend: Backend = {
  name: 'js',
  maxRowLength: Infinity,

  map(op: ElementOp, x: Operand, out: FloatArray): void {
    const { a, b } = op;
    blocks(out, [x], (lo, hi, [X]) => {
      const o = lo === 0 && hi === out.length ? out : out.subarray(lo, hi);
      if (op.loop !== undefined) {
        op.loop(X!, o, a, b);
        return;
      }
      const f = op.js;
      for (let i = 0; i < hi - lo; i++) o[i] = f(X![i]!, a, b);
    });
  },

  map2(op: PairOp, u: Operand, v: Operand, out: FloatArray, sums?: ChannelSums): void {
    const { a, b } = op;
    blocks(out, [u, v], (lo, hi, [U, V]) => {
      const o = lo === 0 && hi === out.length ? out : out.subarray(lo, hi);
      if (op.loop !== undefined) op.loop(U!, V!, o, a, b);
      else {
        const f = op.js;
        for (let i = 0; i < hi - lo; i++) o[i] = f(U![i]!, V![i]!, a, b);
      }
      if (sums) addChannelSums(o, lo, sums);
    });
    sums?.write();
  },

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: FloatArray): void {
    const { a, b } = op;
    blocks(out, [u, v, w], (lo, hi, [U, V, W]) => {
      if (op.loop !== undefined) {
        op.loop(U!, V!, W!, lo === 0 && hi === out.length ? out : out.subarray(lo, hi), a, b);
        return;
      }
      const f = op.js;
      for (let i = 0; i < hi - lo; i++) out[lo + i] = f(U![i]!, V![i]!, W![i]!, a, b);
    });
  },

  rows(op: RowOp, inputs: readonly FloatArray[], out: FloatArray, rows: number): void {
    op.js(inputs, out, rows, op.a, op.b);
  },

  strided(op: StridedOp, inputs: readonly FloatArray[], out: FloatArray, { slabs, size, inner, lanes }: Strides): void {
    if (lanes !== undefined && lanes !== inner) throw new Error('wasm-activations: the js backend computes every inner position');
    op.js(inputs, out, slabs, size, inner);
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
