// Softmax, softmin and log-softmax over rows, forward and backward.
//
// What: each row of `len` consecutive f32 is one distribution. With z = x (softmax,
// logSoftmax) or z = -x (softmin) and m = max z (NaN if the row holds a NaN):
//   softmax     y = e^(z-m) / Σ e^(z-m)
//   logSoftmax  y = (z - m) - log Σ e^(z-m)   (two roundings; |y| ≥ |z - m| and ≥ log Σ,
//                                              so nothing cancels)
//   backward    softmax dx = ±y ⊙ (dy - Σ dy⊙y)  (- for softmin);  logSoftmax dx = dy - e^y·Σ dy
// Algorithm: pass 1 takes the row max (vector max, horizontal max at the end of the row);
// pass 2 sums e^(z-m) (vecmath.expLowRr2P6: z - m ≤ 0) in float64, two f64x2 accumulators, storing each
// e^(z-m) in the output row; pass 3 scales it by r = 1/Σ rounded to f32 once (one exp per
// element). Backward sums (Σ dy⊙y, Σ dy) are float64
// and the last step is computed in float64 and rounded once (lanes.mulDiff64, subMul64);
// such f64 constants travel as an f32 pair hi + lo (hi = f32(c), lo = f32(c - hi)).
// Special rows (as PyTorch): +Inf in the row (or -Inf in softmin) → the row is NaN
// (Inf - Inf); an all -Inf row → NaN; -Inf entries → 0 (logSoftmax: -Inf).
//
// Exports (scripts/kernel-table.mjs), all with f32 data at 4-byte aligned byte addresses
// (64-byte alignment is faster, not required):
//   <f>_rows(x, y, rows, len, _, _)                        f = softmax | softmin | logSoftmax
//   <f>_rows_backward(dy, x, dx, rows, len, _, _)          recomputes y from x
//   <f>_rows_backward_from_output(dy, y, dx, rows, len, _, _)
// over `rows` rows of `len` elements. The output may equal an input (in place); partial
// overlap is not allowed. Rows longer than the TypeScript side's scratch go through the
// per-row pieces, which give the same values pass by pass:
//   softmax_max / softmin_max(x, n, _, _) → f32; softmax_sumexp / softmin_sumexp(x, n, m, _) → f64
//   softmax_write / softmin_write(x, y, n, m, r); logSoftmax_write(x, y, n, m, log Σ)
//   softmax_dot(u, v, n, _, _) → f64 Σ u·v;  softmax_sum(u, n, _, _) → f64 Σ u
//   softmax_grad_write / softmin_grad_write / logSoftmax_grad_write(dy, y, dx, n, hi, lo)

import { splat, sub, mul, neg, laneBytes, loadV, storeV, loadOne, storeOne } from "./lanes";
import { loadSplat, fmax, hmax, accZero, accAdd, accAddOne, accAddProduct, accAddProductOne, accTotal, mulDiff64, subMul64 } from "./lanes64";
import { expLowRr2P6 } from "./vecmath";
import { map, map2, zip, Mem, None, Wide } from "./drivers";

// ---- orientation: z = x (softmax) or z = -x (softmin) --------------------------------

@final export class Up {
  @inline orient<V>(x: V): V { return x; }
}

@final export class Down {
  @inline orient<V>(x: V): V { return neg<V>(x); }
}

// ---- row reductions ----------------------------------------------------------------

// The row helpers below are ordinary (not inlined) generic functions: each instantiation is
// compiled once and shared by the row kernels and the per-row exports.

/** max of z over n elements (NaN if any is NaN). */
function rowMax<V, S>(x: usize, n: usize): f32 {
  const o = changetype<S>(0);
  const step = laneBytes<V>();
  const end = x + (n << 2);
  let m0 = splat<V>(<f32>-Infinity);
  let m1 = m0;
  let p = x;
  for (; p + 2 * step <= end; p += 2 * step) {
    m0 = fmax<V>(m0, o.orient<V>(loadV<V>(p)));
    m1 = fmax<V>(m1, o.orient<V>(loadV<V>(p + step)));
  }
  for (; p + step <= end; p += step) m0 = fmax<V>(m0, o.orient<V>(loadV<V>(p)));
  if (isVector<V>()) {
    for (; p < end; p += 4) m0 = fmax<V>(m0, o.orient<V>(loadSplat<V>(p)));
  }
  return hmax<V>(fmax<V>(m0, m1));
}

// Terms of rowSum: add<V, A>(acc, u, v, k, dst) adds the term of (u, v) to acc; a term
// may also store a value at dst (the element's address in the row's output).

/** Σ e^(z - m). */
@final export class SumExp<S> {
  @inline add<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    return accAdd<V, A>(acc, expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(u), m)));
  }
  @inline addOne<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    return accAddOne<V, A>(acc, expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(u), m)));
  }
}

/** Σ e^(z - m), storing each e^(z - m) at dst (so the write pass needs no second exp). */
@final class SumExpStore<S> {
  @inline add<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    const e = expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(u), m));
    storeV<V>(dst, e);
    return accAdd<V, A>(acc, e);
  }
  @inline addOne<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    const e = expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(u), m));
    storeOne<V>(dst, e);
    return accAddOne<V, A>(acc, e);
  }
}

/** Σ u·v (products exact in float64). */
@final export class Dot {
  @inline add<V, A>(acc: A, u: V, v: V, k: V, dst: usize): A { return accAddProduct<V, A>(acc, u, v); }
  @inline addOne<V, A>(acc: A, u: V, v: V, k: V, dst: usize): A { return accAddProductOne<V, A>(acc, u, v); }
}

/** Σ u·e^(z(v) - m). */
@final class DotExp<S> {
  @inline add<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    return accAddProduct<V, A>(acc, u, expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(v), m)));
  }
  @inline addOne<V, A>(acc: A, u: V, v: V, m: V, dst: usize): A {
    return accAddProductOne<V, A>(acc, u, expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(v), m)));
  }
}

/** Σ u. */
@final export class Plain {
  @inline add<V, A>(acc: A, u: V, v: V, k: V, dst: usize): A { return accAdd<V, A>(acc, u); }
  @inline addOne<V, A>(acc: A, u: V, v: V, k: V, dst: usize): A { return accAddOne<V, A>(acc, u); }
}

/**
 * Σ T(u[i], v[i], k) over n elements in float64; v is read only by terms that use it, and
 * w (the row's output) is written only by storing terms (w may be u: loads come first).
 */
function rowSum<V, A, T>(u: usize, v: usize, w: usize, n: usize, k: f32): f64 {
  const t = changetype<T>(0);
  const kv = splat<V>(k);
  const step = laneBytes<V>();
  const end = u + (n << 2);
  const dv = v - u;
  const dw = w - u;
  let s0 = accZero<A>();
  let s1 = accZero<A>();
  let p = u;
  for (; p + 2 * step <= end; p += 2 * step) {
    s0 = t.add<V, A>(s0, loadV<V>(p), loadV<V>(p + dv), kv, p + dw);
    s1 = t.add<V, A>(s1, loadV<V>(p + step), loadV<V>(p + dv + step), kv, p + dw + step);
  }
  for (; p + step <= end; p += step) s0 = t.add<V, A>(s0, loadV<V>(p), loadV<V>(p + dv), kv, p + dw);
  if (isVector<V>()) {
    for (; p < end; p += 4) s0 = t.addOne<V, A>(s0, loadOne<V>(p), loadOne<V>(p + dv), kv, p + dw);
  }
  return accTotal<A>(s0, s1);
}

// ---- element-wise writes -------------------------------------------------------------

/** y = e^(z - a)·b */
@final export class ExpScale<S> {
  @inline apply<V>(x: V, a: V, b: V): V {
    return mul<V>(expLowRr2P6<V>(sub<V>(changetype<S>(0).orient<V>(x), a)), b);
  }
}

/** y = v·a */
@final class Scale {
  @inline apply<V>(v: V, a: V, b: V): V { return mul<V>(v, a); }
}

/** dx = ±y·(dy - (hi + lo)) with y = e·r, e = e^(z - m) stored in dx by the Σ pass. */
@final class SoftmaxGradE<S> {
  @inline apply<V>(g: V, e: V, w: V, r: V, hi: V, lo: V, d: V): V {
    return changetype<S>(0).orient<V>(mulDiff64<V>(mul<V>(e, r), g, hi, lo));
  }
}

/** dx = dy - p·(hi + lo) with p = e·r (the softmax), e stored in dx by the Σ pass. */
@final class LogSoftmaxGradE {
  @inline apply<V>(g: V, e: V, w: V, r: V, hi: V, lo: V, d: V): V {
    return subMul64<V>(g, mul<V>(e, r), hi, lo);
  }
}

/** y = (x - a) - b */
@final export class LogWrite {
  @inline apply<V>(x: V, a: V, b: V): V { return sub<V>(sub<V>(x, a), b); }
}

/** dx = ±y·(dy - (hi + lo)) */
@final export class SoftmaxGrad<S> {
  @inline apply<V>(g: V, y: V, hi: V, lo: V): V {
    return changetype<S>(0).orient<V>(mulDiff64<V>(y, g, hi, lo));
  }
}

/** dx = dy - e^y·(hi + lo) */
@final export class LogSoftmaxGrad {
  @inline apply<V>(g: V, y: V, hi: V, lo: V): V { return subMul64<V>(g, expLowRr2P6<V>(y), hi, lo); }
}

/** dx = ±y·(dy - (hi + lo)) with y = e^(z - m)·r recomputed from x. */
@final class SoftmaxGradX<S> {
  @inline apply<V>(g: V, x: V, w: V, m: V, r: V, hi: V, lo: V): V {
    const y = changetype<ExpScale<S>>(0).apply<V>(x, m, r);
    return changetype<S>(0).orient<V>(mulDiff64<V>(y, g, hi, lo));
  }
}

/** dx = dy - p·(hi + lo) with p = e^(x - m)·r (the softmax) recomputed from x. */
@final class LogSoftmaxGradX {
  @inline apply<V>(g: V, x: V, w: V, m: V, r: V, hi: V, lo: V): V {
    const p = changetype<ExpScale<Up>>(0).apply<V>(x, m, r);
    return subMul64<V>(g, p, hi, lo);
  }
}

export function writeLog(x: usize, y: usize, n: usize, m: f32, l: f32): void { map<LogWrite>(x, y, n, m, l); }
export function writeGrad<S>(dy: usize, y: usize, dx: usize, n: usize, hi: f32, lo: f32): void { map2<SoftmaxGrad<S>>(dy, y, dx, n, hi, lo); }
export function writeLogGrad(dy: usize, y: usize, dx: usize, n: usize, hi: f32, lo: f32): void { map2<LogSoftmaxGrad>(dy, y, dx, n, hi, lo); }

/** hi = f32(c) (the pair's lo part is f32(c - hi), or 0 where hi is ±Inf or NaN: never Inf - Inf). */
@inline function hiOf(c: f64): f32 { return <f32>c; }
@inline function loOf(c: f64): f32 {
  const hi = <f32>c;
  return hi - hi == 0 ? <f32>(c - <f64>hi) : 0;
}

// ---- rows ----------------------------------------------------------------------------

/**
 * Forward: softmax stores e^(z-m) in y during the Σ pass and scales it by r = 1/Σ (one exp
 * per element; y may be x); logSoftmax writes (x - m) - log Σ.
 */
function forwardRows<V, A, S, Log>(x: usize, y: usize, rows: usize, len: usize): void {
  const bytes = len << 2;
  for (let r: usize = 0; r < rows; r++) {
    const px = x + r * bytes;
    const py = y + r * bytes;
    const m = rowMax<V, S>(px, len);
    if (changetype<Log>(0).is()) {
      writeLog(px, py, len, m, <f32>Math.log(rowSum<V, A, SumExp<S>>(px, px, px, len, m)));
    } else {
      const s = rowSum<V, A, SumExpStore<S>>(px, px, py, len, m);
      map<Scale>(py, py, len, <f32>(1.0 / s), 0);
    }
  }
}

function fromOutputRows<V, A, S, Log>(dy: usize, y: usize, dx: usize, rows: usize, len: usize): void {
  const bytes = len << 2;
  for (let r: usize = 0; r < rows; r++) {
    const o = r * bytes;
    if (changetype<Log>(0).is()) {
      const t = rowSum<V, A, Plain>(dy + o, dy + o, dy + o, len, 0);
      writeLogGrad(dy + o, y + o, dx + o, len, hiOf(t), loOf(t));
    } else {
      const t = rowSum<V, A, Dot>(dy + o, y + o, dy + o, len, 0);
      writeGrad<S>(dy + o, y + o, dx + o, len, hiOf(t), loOf(t));
    }
  }
}

/**
 * Backward from x. When dx is not dy, the Σ pass stores e^(z-m) in dx and the later passes
 * read it back (one exp per element); when dx is dy, e is recomputed for Σ dy·e and for the
 * write (three exps). Both give the same bits: the same e, Σ and Σ dy·e in the same order.
 */
function backwardRows<V, A, S, Log>(dy: usize, x: usize, dx: usize, rows: usize, len: usize): void {
  const bytes = len << 2;
  const stored = dx != dy;
  for (let r: usize = 0; r < rows; r++) {
    const o = r * bytes;
    const m = rowMax<V, S>(x + o, len);
    const s = stored
      ? rowSum<V, A, SumExpStore<S>>(x + o, x + o, dx + o, len, m)
      : rowSum<V, A, SumExp<S>>(x + o, x + o, x + o, len, m);
    const rs = <f32>(1.0 / s);
    if (changetype<Log>(0).is()) {
      const t = rowSum<V, A, Plain>(dy + o, dy + o, dy + o, len, 0);
      if (stored) zip<LogSoftmaxGradE, Mem, None, Wide>(dy + o, dx + o, dx + o, dx + o, len, rs, hiOf(t), loOf(t), 0);
      else zip<LogSoftmaxGradX, Mem, None, Wide>(dy + o, x + o, x + o, dx + o, len, m, rs, hiOf(t), loOf(t));
    } else if (stored) {
      const t = rowSum<V, A, Dot>(dy + o, dx + o, dy + o, len, 0) / s;
      zip<SoftmaxGradE<S>, Mem, None, Wide>(dy + o, dx + o, dx + o, dx + o, len, rs, hiOf(t), loOf(t), 0);
    } else {
      const t = rowSum<V, A, DotExp<S>>(dy + o, x + o, dy + o, len, m) / s;
      zip<SoftmaxGradX<S>, Mem, None, Wide>(dy + o, x + o, x + o, dx + o, len, m, rs, hiOf(t), loOf(t));
    }
  }
}

/** Selects log-softmax (a compile-time constant once inlined). */
@final export class IsLog {
  @inline is(): bool { return true; }
}

@final export class NotLog {
  @inline is(): bool { return false; }
}

// ---- drivers of the exports (scripts/kernel-table.mjs): this build's lanes ------------------
// <v128, f64x2 accumulators> in the SIMD builds, <f32, f64> in the scalar build.

/** Forward rows of variant (S, Log): softmax, softmin or logSoftmax. */
@inline export function rowsForward<S, Log>(x: usize, y: usize, rows: usize, len: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) forwardRows<v128, v128, S, Log>(x, y, rows, len);
  else forwardRows<f32, f64, S, Log>(x, y, rows, len);
}

/** Backward rows from x. */
@inline export function rowsBackward<S, Log>(dy: usize, x: usize, dx: usize, rows: usize, len: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) backwardRows<v128, v128, S, Log>(dy, x, dx, rows, len);
  else backwardRows<f32, f64, S, Log>(dy, x, dx, rows, len);
}

/** Backward rows from the output y. */
@inline export function rowsFromOutput<S, Log>(dy: usize, y: usize, dx: usize, rows: usize, len: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) fromOutputRows<v128, v128, S, Log>(dy, y, dx, rows, len);
  else fromOutputRows<f32, f64, S, Log>(dy, y, dx, rows, len);
}

/** max of z over n elements (per-row piece). */
@inline export function maxOf<S>(x: usize, n: usize, a: f32, b: f32): f32 {
  return ASC_FEATURE_SIMD ? rowMax<v128, S>(x, n) : rowMax<f32, S>(x, n);
}

/** Σ of term T over n elements of x, in float64 (a: the term's parameter, e.g. the row max). */
@inline export function sumOf<T>(x: usize, n: usize, a: f32, b: f32): f64 {
  return ASC_FEATURE_SIMD ? rowSum<v128, v128, T>(x, x, x, n, a) : rowSum<f32, f64, T>(x, x, x, n, a);
}

/** Σ of term T over n elements of u and v, in float64. */
@inline export function sumOf2<T>(u: usize, v: usize, n: usize, a: f32, b: f32): f64 {
  return ASC_FEATURE_SIMD ? rowSum<v128, v128, T>(u, v, u, n, a) : rowSum<f32, f64, T>(u, v, u, n, a);
}

// The same functions over a dimension that is not the last (assembly/softmax-dim.ts).
export { stridedForward, stridedBackward, stridedFromOutput } from "./softmax-dim";
