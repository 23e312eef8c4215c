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
// One loop serves every kernel: two vectors per iteration (independent work that hides
// the long kernels' latency); the last iteration loads and stores partial vectors, so the
// tail runs through the same code — every element gets a bit-identical result whatever its
// position — and each export holds only two inlined copies of its kernel.

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

@inline function zipLoop<V, Op, S2, S3>(
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
  for (let p = u; p < end; p += 2 * step) {
    const rest = end - p;
    let u0: V, u1: V, v0: V, v1: V, w0: V, w1: V;
    if (rest >= 2 * step) {
      u0 = loadV<V>(p);
      u1 = loadV<V>(p + step);
      v0 = second.load<V>(p + dv);
      v1 = second.load<V>(p + dv + step);
      w0 = third.load<V>(p + dw);
      w1 = third.load<V>(p + dw + step);
    } else {
      const b0 = rest < step ? rest : step;
      const b1 = rest - b0;
      u0 = loadPart<V>(p, b0);
      u1 = loadPart<V>(p + step, b1);
      v0 = second.loadPart<V>(p + dv, b0);
      v1 = second.loadPart<V>(p + dv + step, b1);
      w0 = third.loadPart<V>(p + dw, b0);
      w1 = third.loadPart<V>(p + dw + step, b1);
    }
    const r0 = op.apply<V>(u0, v0, w0, a, b, c, d);
    const r1 = op.apply<V>(u1, v1, w1, a, b, c, d);
    if (rest >= 2 * step) {
      storeV<V>(p + dy, r0);
      storeV<V>(p + dy + step, r1);
    } else {
      const b0 = rest < step ? rest : step;
      storePart<V>(p + dy, r0, b0);
      storePart<V>(p + dy + step, r1, rest - b0);
    }
  }
}

/**
 * y = op(u, v, w) over n elements with the full op signature; S2 and S3 (Mem or None)
 * say whether v and w are read. y may equal any input.
 */
@inline export function zip<Op, S2, S3>(
  u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32, c: f32, d: f32,
): void {
  if (ASC_FEATURE_SIMD) zipLoop<v128, Op, S2, S3>(u, v, w, y, n, a, b, c, d);
  else zipLoop<f32, Op, S2, S3>(u, v, w, y, n, a, b, c, d);
}

/** y = op(x) over n elements, in the lane type of this build. */
@inline export function map<Op>(x: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Single<Op>, None, None>(x, x, x, y, n, a, b, 0, 0);
}

/** y = op(u, v) over n elements; y may equal u or v. */
@inline export function map2<Op>(u: usize, v: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Pair<Op>, Mem, None>(u, v, v, y, n, a, b, 0, 0);
}

/** y = op(u, v, w) over n elements; y may equal any input. */
@inline export function map3<Op>(u: usize, v: usize, w: usize, y: usize, n: usize, a: f32, b: f32): void {
  zip<Triple<Op>, Mem, Mem>(u, v, w, y, n, a, b, 0, 0);
}

/** dx = dy · op(x) over n elements (the chain rule, fused in one pass). */
@inline export function scale<Op>(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void {
  map2<Chain<Op>>(dy, x, dx, n, a, b);
}
