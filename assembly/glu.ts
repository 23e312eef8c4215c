// GLU (gated linear unit): each row of len = 2h elements splits into halves a (first h)
// and b (last h); y = a·σ(b), a row of h.
// Backward: da = dy·σ(b), db = dy·a·σ'(b) with σ' = σ(1-σ) (sigmoid.ts, tail-safe form);
// db is computed in float64 and rounded once (no spurious overflow of dy·a).
// Algorithm: sigmoid.ts's sigmoidGradual (σ with gradual underflow: a large a scales a
// subnormal σ(b) back up) and the Sigmoid derivative on b; one pass per row, vectorised
// along the row.
// Infinities take their mathematical limits: σ(b) > 0 for b > -∞ and σ'(b) > 0 for finite b,
// so an infinite factor gives ±∞ even where σ or σ' underflows to 0 in float32 (b < -103.97).
//
// Exports (scripts/kernel-table.mjs; f32 data at 4-byte aligned byte addresses, 64-byte
// alignment is faster):
//   glu_rows(x, y, rows, len, _, _)              x: rows × len, y: rows × len/2 (len even)
//   glu_rows_backward(dy, x, dx, rows, h, _, _)   dy: rows × h, x and dx: rows × 2h
//   glu_pair(a, b, y, n, _, _)                    one half-row pair (rows longer than scratch)
//   glu_pair_backward_a(dy, a, b, da, n, _, _) / glu_pair_backward_b(dy, a, b, db, n, _, _)
// y may equal x (y row r is written behind x row r, never ahead of what is still to be
// read), and dx may equal x; partial overlap otherwise is not allowed.

import { splat, mul, abs, eq, gt, lt, and, or, select, laneBytes, loadV, storeV, loadOne, storeOne } from "./lanes";
import { mul3x64 } from "./lanes64";
import { map2 } from "./drivers";
import { Sigmoid, sigmoidGradual } from "./sigmoid";

@inline function isInf<V>(x: V): V {
  return eq<V>(abs<V>(x), splat<V>(<f32>Infinity));
}

/** x·σ(b), keeping an infinite x infinite for b > -∞ (where σ(b) > 0 even if it underflowed). */
@inline function timesSigmoid<V>(x: V, b: V): V {
  const r = mul<V>(x, sigmoidGradual<V>(b));
  return select<V>(and<V>(isInf<V>(x), gt<V>(b, splat<V>(<f32>-Infinity))), x, r);
}

/** y = a·σ(b) */
@final export class GluForward {
  @inline apply<V>(a: V, b: V, p: V, q: V): V { return timesSigmoid<V>(a, b); }
}

/** da = dy·σ(b) */
@final export class GluGradA {
  @inline apply<V>(g: V, a: V, b: V, p: V, q: V): V { return timesSigmoid<V>(g, b); }
}

/** db = dy·a·σ'(b), in float64; for finite b an infinite dy or a gives dy·a (±∞, or NaN for ∞·0). */
@final export class GluGradB {
  @inline apply<V>(g: V, a: V, b: V, p: V, q: V): V {
    const r = mul3x64<V>(g, a, changetype<Sigmoid>(0).derivative<V>(b, b, b));
    const inf = and<V>(or<V>(isInf<V>(g), isInf<V>(a)), lt<V>(abs<V>(b), splat<V>(<f32>Infinity)));
    return select<V>(inf, mul<V>(g, a), r);
  }
}

/** Both halves of the gradient in one pass (loads before stores: da may be a, db may be b). */
@inline function backwardLoop<V, GA, GB>(dy: usize, a: usize, b: usize, da: usize, db: usize, n: usize): void {
  const ga = changetype<GA>(0);
  const gb = changetype<GB>(0);
  const z = splat<V>(0.0);
  const step = laneBytes<V>();
  const end = dy + (n << 2);
  const oa = a - dy;
  const ob = b - dy;
  const oda = da - dy;
  const odb = db - dy;
  let p = dy;
  for (; p + step <= end; p += step) {
    const g = loadV<V>(p);
    const av = loadV<V>(p + oa);
    const bv = loadV<V>(p + ob);
    storeV<V>(p + oda, ga.apply<V>(g, av, bv, z, z));
    storeV<V>(p + odb, gb.apply<V>(g, av, bv, z, z));
  }
  if (isVector<V>()) {
    for (; p < end; p += 4) {
      const g = loadOne<V>(p);
      const av = loadOne<V>(p + oa);
      const bv = loadOne<V>(p + ob);
      storeOne<V>(p + oda, ga.apply<V>(g, av, bv, z, z));
      storeOne<V>(p + odb, gb.apply<V>(g, av, bv, z, z));
    }
  }
}

// ---- drivers of the exports (scripts/kernel-table.mjs) ------------------------------------

/** y = F(a, b) over one half-row pair (F: GluForward); shared by gluRows and the per-pair export. */
export function gluPair<F>(a: usize, b: usize, y: usize, n: usize, p: f32, q: f32): void {
  map2<F>(a, b, y, n, 0, 0);
}

/** Rows of len = 2h: y row r = F(a, b) over the halves a, b of x row r. */
@inline export function gluRows<F>(x: usize, y: usize, rows: usize, len: usize, p: f32, q: f32): void {
  const h = len >> 1;
  for (let r: usize = 0; r < rows; r++) {
    const px = x + ((r * len) << 2);
    gluPair<F>(px, px + (h << 2), y + ((r * h) << 2), h, 0, 0);
  }
}

/** Rows of h = len/2 gradients: da, db of each x row from dy row r, in one pass (GA, GB: GluGradA, GluGradB). */
@inline export function gluRowsBackward<GA, GB>(dy: usize, x: usize, dx: usize, rows: usize, h: usize, p: f32, q: f32): void {
  for (let r: usize = 0; r < rows; r++) {
    const g = dy + ((r * h) << 2);
    const px = x + ((r * 2 * h) << 2);
    const pd = dx + ((r * 2 * h) << 2);
    if (ASC_FEATURE_SIMD) backwardLoop<v128, GA, GB>(g, px, px + (h << 2), pd, pd + (h << 2), h);
    else backwardLoop<f32, GA, GB>(g, px, px + (h << 2), pd, pd + (h << 2), h);
  }
}
