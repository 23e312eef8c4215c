// Loop drivers shared by every element-wise kernel.
//
// A kernel family is a class with `@inline` methods generic over the lane type V:
//   forward<V>(x, a, b)     f(x)
//   derivative<V>(x, a, b)  f'(x)
//   fromOutput<V>(y, a, b)  f'(x) written as a function of y = f(x) (only where it exists)
// `a` and `b` are the activation's two f32 parameters, splatted once per call.
// The classes are never instantiated: their methods are called on a null reference,
// which is fine because they use no fields.
//
// Pointer contract for every exported kernel: `x`, `y` (and `dy`) are byte addresses
// of f32 arrays of `n` elements in linear memory, 4-byte aligned (64-byte alignment is
// faster, not required). `y` may equal `x` (in place); partial overlap is not allowed.
// The tail (n mod lanes) goes through the same vector code one lane at a time, so every
// element gets a bit-identical result whatever its position.

import { splat, mul, laneBytes, loadV, storeV, loadOne, storeOne } from "./lanes";

/** Selects the forward method of kernel K. */
@final export class Forward<K> {
  @inline apply<V>(x: V, a: V, b: V): V {
    return changetype<K>(0).forward<V>(x, a, b);
  }
}

/** Selects the derivative method of kernel K. */
@final export class Derivative<K> {
  @inline apply<V>(x: V, a: V, b: V): V {
    return changetype<K>(0).derivative<V>(x, a, b);
  }
}

/** Selects the from-output derivative method of kernel K. */
@final export class FromOutput<K> {
  @inline apply<V>(y: V, a: V, b: V): V {
    return changetype<K>(0).fromOutput<V>(y, a, b);
  }
}

// ---- y[i] = op(x[i]) -----------------------------------------------------------------

@inline function mapLoop<V, Op>(x: usize, y: usize, n: usize, pa: f32, pb: f32): void {
  const op = changetype<Op>(0);
  const a = splat<V>(pa);
  const b = splat<V>(pb);
  const step = laneBytes<V>();
  const end = x + (n << 2);
  let d = y - x;
  // Two independent vectors per iteration hide the latency of the long kernels.
  let p = x;
  for (; p + 2 * step <= end; p += 2 * step) {
    const r0 = op.apply<V>(loadV<V>(p), a, b);
    const r1 = op.apply<V>(loadV<V>(p + step), a, b);
    storeV<V>(p + d, r0);
    storeV<V>(p + d + step, r1);
  }
  if (isVector<V>()) {
    if (p + step <= end) {
      storeV<V>(p + d, op.apply<V>(loadV<V>(p), a, b));
      p += step;
    }
    for (; p < end; p += 4) storeOne<V>(p + d, op.apply<V>(loadOne<V>(p), a, b));
  } else {
    if (p < end) storeV<V>(p + d, op.apply<V>(loadV<V>(p), a, b));
  }
}

/** y = op(x) over n elements, in the lane type of this build. */
@inline export function map<Op>(x: usize, y: usize, n: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) mapLoop<v128, Op>(x, y, n, a, b);
  else mapLoop<f32, Op>(x, y, n, a, b);
}

// ---- y[i] = op(u[i], v[i] [, w[i]]) ---------------------------------------------------
//
// Two- and three-input kernels share one loop, whose ops have the full signature
//   apply<V>(u, v, w, a, b, c, d)    (up to three inputs and four f32 parameters)
// Two-input ops (map2) have apply<V>(u, v, a, b) and three-input ops (map3)
// apply<V>(u, v, w, a, b); Pair<Op> / Triple<Op> adapt them, and NoThird stands in for a
// missing third input without loading anything.

/** Where the loop's third operand comes from: memory. */
@final export class Third {
  @inline load<V>(p: usize): V { return loadV<V>(p); }
  @inline loadOne<V>(p: usize): V { return loadOne<V>(p); }
}

/** No third operand (two-input kernels): nothing is loaded. */
@final export class NoThird {
  @inline load<V>(p: usize): V { return splat<V>(0.0); }
  @inline loadOne<V>(p: usize): V { return splat<V>(0.0); }
}

/** A two-input op in the full signature. */
@final export class Pair<Op> {
  @inline apply<V>(u: V, v: V, w: V, a: V, b: V, c: V, d: V): V {
    return changetype<Op>(0).apply<V>(u, v, a, b);
  }
}

/** A three-input op in the full signature. */
@final export class Triple<Op> {
  @inline apply<V>(u: V, v: V, w: V, a: V, b: V, c: V, d: V): V {
    return changetype<Op>(0).apply<V>(u, v, w, a, b);
  }
}

/** The chain rule as a two-input op: g · op(v). */
@final export class Chain<Op> {
  @inline apply<V>(g: V, v: V, a: V, b: V): V {
    return mul<V>(g, changetype<Op>(0).apply<V>(v, a, b));
  }
}

@inline function zipLoop<V, Op, W>(
  u: usize, v: usize, w: usize, y: usize, n: usize, pa: f32, pb: f32, pc: f32, pd: f32,
): void {
  const op = changetype<Op>(0);
  const third = changetype<W>(0);
  const a = splat<V>(pa);
  const b = splat<V>(pb);
  const c = splat<V>(pc);
  const d = splat<V>(pd);
  const step = laneBytes<V>();
  const end = u + (n << 2);
  const dv = v - u;
  const dw = w - u;
  const dy = y - u;
  let p = u;
  for (; p + 2 * step <= end; p += 2 * step) {
    const r0 = op.apply<V>(loadV<V>(p), loadV<V>(p + dv), third.load<V>(p + dw), a, b, c, d);
    const r1 = op.apply<V>(loadV<V>(p + step), loadV<V>(p + dv + step), third.load<V>(p + dw + step), a, b, c, d);
    storeV<V>(p + dy, r0);
    storeV<V>(p + dy + step, r1);
  }
  if (isVector<V>()) {
    if (p + step <= end) {
      storeV<V>(p + dy, op.apply<V>(loadV<V>(p), loadV<V>(p + dv), third.load<V>(p + dw), a, b, c, d));
      p += step;
    }
    for (; p < end; p += 4) {
      storeOne<V>(p + dy, op.apply<V>(loadOne<V>(p), loadOne<V>(p + dv), third.loadOne<V>(p + dw), a, b, c, d));
    }
  } else {
    if (p < end) storeV<V>(p + dy, op.apply<V>(loadV<V>(p), loadV<V>(p + dv), third.load<V>(p + dw), a, b, c, d));
  }
}

/**
 * y = op(u, v[, w]) over n elements with the full op signature; W is Third or NoThird
 * (then `w` is not read). y may equal any input.
 */
@inline export function zip<Op, W>(
  u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32, c: f32, d: f32,
): void {
  if (ASC_FEATURE_SIMD) zipLoop<v128, Op, W>(u, v, w, y, n, a, b, c, d);
  else zipLoop<f32, Op, W>(u, v, w, y, n, a, b, c, d);
}

/** y = op(u, v) over n elements; y may equal u or v. */
@inline export function map2<Op>(u: usize, v: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Pair<Op>, NoThird>(u, v, v, y, n, a, b, 0, 0);
}

/** y = op(u, v, w) over n elements; y may equal any input. */
@inline export function map3<Op>(u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Triple<Op>, Third>(u, v, w, y, n, a, b, 0, 0);
}

/** dx = dy · op(x) over n elements (the chain rule, fused in one pass). */
@inline export function scale<Op>(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void {
  map2<Chain<Op>>(dy, x, dx, n, a, b);
}
