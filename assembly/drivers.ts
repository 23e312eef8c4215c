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
// Memory is never read or written outside the n elements of each operand.
//
// One loop serves every kernel: four independent vectors per iteration (two for the
// longest kernels; see Wide/Narrow), which hides the kernels' latency — 20-35% faster than
// two for exp-based kernels — then a tail loop of single, finally partial, vectors
// through the same kernel, so every element gets a bit-identical result whatever its
// position. (Folding the tail into the main loop saves code but V8 then spills: slower.)

import { splat, mul, laneBytes, loadV, storeV, loadPart, storePart } from "./lanes";

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

// ---- y[i] = op(u[i], v[i] [, w[i]]) ---------------------------------------------------
//
// One-, two- and three-input kernels share one loop, whose ops have the full signature
//   apply<V>(u, v, w, a, b, c, d)    (up to three inputs and four f32 parameters)
// One-input ops (map) have apply<V>(x, a, b), two-input ops (map2) apply<V>(u, v, a, b)
// and three-input ops (map3) apply<V>(u, v, w, a, b); Single / Pair / Triple adapt them,
// and the operand sources Mem / None say which inputs are loaded at all.

/** Vectors per main-loop iteration: four by default in the SIMD build (where V8 keeps them in registers); the scalar build always runs two. */
@final export class Wide {
  @inline vectors(): i32 { return 4; }
}

/** Two vectors per iteration, for kernels so long that four spill (gelu, mish'): measured faster. */
@final export class Narrow {
  @inline vectors(): i32 { return 2; }
}

/** An operand read from memory. */
@final export class Mem {
  @inline load<V>(p: usize): V { return loadV<V>(p); }
  @inline loadPart<V>(p: usize, bytes: usize): V { return loadPart<V>(p, bytes); }
}

/** An absent operand: nothing is loaded. */
@final export class None {
  @inline load<V>(p: usize): V { return splat<V>(0.0); }
  @inline loadPart<V>(p: usize, bytes: usize): V { return splat<V>(0.0); }
}

/** A one-input op in the full signature. */
@final export class Single<Op> {
  @inline apply<V>(u: V, v: V, w: V, a: V, b: V, c: V, d: V): V {
    return changetype<Op>(0).apply<V>(u, a, b);
  }
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

@inline function zipLoop<V, Op, S2, S3, U>(
  u: usize, v: usize, w: usize, y: usize, n: usize, pa: f32, pb: f32, pc: f32, pd: f32,
): void {
  const op = changetype<Op>(0);
  const second = changetype<S2>(0);
  const third = changetype<S3>(0);
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
  if (isVector<V>() && changetype<U>(0).vectors() == 4) {
    for (; p + 4 * step <= end; p += 4 * step) {
      const r0 = op.apply<V>(loadV<V>(p), second.load<V>(p + dv), third.load<V>(p + dw), a, b, c, d);
      const q1 = p + step;
      const r1 = op.apply<V>(loadV<V>(q1), second.load<V>(q1 + dv), third.load<V>(q1 + dw), a, b, c, d);
      const q2 = p + 2 * step;
      const r2 = op.apply<V>(loadV<V>(q2), second.load<V>(q2 + dv), third.load<V>(q2 + dw), a, b, c, d);
      const q3 = p + 3 * step;
      const r3 = op.apply<V>(loadV<V>(q3), second.load<V>(q3 + dv), third.load<V>(q3 + dw), a, b, c, d);
      storeV<V>(p + dy, r0);
      storeV<V>(q1 + dy, r1);
      storeV<V>(q2 + dy, r2);
      storeV<V>(q3 + dy, r3);
    }
  } else {
    for (; p + 2 * step <= end; p += 2 * step) {
      const r0 = op.apply<V>(loadV<V>(p), second.load<V>(p + dv), third.load<V>(p + dw), a, b, c, d);
      const q1 = p + step;
      const r1 = op.apply<V>(loadV<V>(q1), second.load<V>(q1 + dv), third.load<V>(q1 + dw), a, b, c, d);
      storeV<V>(p + dy, r0);
      storeV<V>(q1 + dy, r1);
    }
  }
  // The tail (fewer vectors than one iteration): one vector at a time, the last partial.
  for (; p < end; p += step) {
    const bytes = end - p < step ? end - p : step;
    const r = op.apply<V>(
      loadPart<V>(p, bytes), second.loadPart<V>(p + dv, bytes), third.loadPart<V>(p + dw, bytes), a, b, c, d,
    );
    storePart<V>(p + dy, r, bytes);
  }
}

/**
 * y = op(u, v, w) over n elements with the full op signature; S2 and S3 (Mem or None)
 * say whether v and w are read. y may equal any input.
 */
@inline export function zip<Op, S2, S3, U>(
  u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32, c: f32, d: f32,
): void {
  if (ASC_FEATURE_SIMD) zipLoop<v128, Op, S2, S3, U>(u, v, w, y, n, a, b, c, d);
  else zipLoop<f32, Op, S2, S3, U>(u, v, w, y, n, a, b, c, d);
}

/** y = op(x) over n elements, in the lane type of this build. */
@inline export function map<Op>(x: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Single<Op>, None, None, Wide>(x, x, x, y, n, a, b, 0, 0);
}

/** map with two vectors per iteration (Narrow), for the longest kernels. */
@inline export function mapNarrow<Op>(x: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Single<Op>, None, None, Narrow>(x, x, x, y, n, a, b, 0, 0);
}

/** y = op(u, v) over n elements; y may equal u or v. */
@inline export function map2<Op>(u: usize, v: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Pair<Op>, Mem, None, Wide>(u, v, v, y, n, a, b, 0, 0);
}

/** y = op(u, v, w) over n elements; y may equal any input. */
@inline export function map3<Op>(u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Triple<Op>, Mem, Mem, Wide>(u, v, w, y, n, a, b, 0, 0);
}

/** dx = dy · op(x) over n elements (the chain rule, fused in one pass). */
@inline export function scale<Op>(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void {
  map2<Chain<Op>>(dy, x, dx, n, a, b);
}

/** scale with two vectors per iteration (Narrow), for the longest kernels. */
@inline export function scaleNarrow<Op>(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void {
  zip<Pair<Chain<Op>>, Mem, None, Narrow>(dy, x, x, dx, n, a, b, 0, 0);
}
