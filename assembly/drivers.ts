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

// ---- dx[i] = dy[i] * op(x[i]) --------------------------------------------------------

@inline function scaleLoop<V, Op>(dy: usize, x: usize, dx: usize, n: usize, pa: f32, pb: f32): void {
  const op = changetype<Op>(0);
  const a = splat<V>(pa);
  const b = splat<V>(pb);
  const step = laneBytes<V>();
  const end = x + (n << 2);
  const dg = dy - x;
  const dd = dx - x;
  let p = x;
  for (; p + 2 * step <= end; p += 2 * step) {
    const r0 = mul<V>(loadV<V>(p + dg), op.apply<V>(loadV<V>(p), a, b));
    const r1 = mul<V>(loadV<V>(p + dg + step), op.apply<V>(loadV<V>(p + step), a, b));
    storeV<V>(p + dd, r0);
    storeV<V>(p + dd + step, r1);
  }
  if (isVector<V>()) {
    if (p + step <= end) {
      storeV<V>(p + dd, mul<V>(loadV<V>(p + dg), op.apply<V>(loadV<V>(p), a, b)));
      p += step;
    }
    for (; p < end; p += 4) {
      storeOne<V>(p + dd, mul<V>(loadOne<V>(p + dg), op.apply<V>(loadOne<V>(p), a, b)));
    }
  } else {
    if (p < end) storeV<V>(p + dd, mul<V>(loadV<V>(p + dg), op.apply<V>(loadV<V>(p), a, b)));
  }
}

/** dx = dy · op(x) over n elements (the chain rule, fused in one pass). */
@inline export function scale<Op>(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) scaleLoop<v128, Op>(dy, x, dx, n, a, b);
  else scaleLoop<f32, Op>(dy, x, dx, n, a, b);
}
