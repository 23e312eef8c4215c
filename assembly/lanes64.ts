// Float64 lane helpers, generic over the lane type V like lanes.ts: exact a·x + b in f64,
// float64 row accumulators and reductions (softmax family, glu), and f64x2 "wide" lanes
// for kernels that evaluate a step in double precision. Split from lanes.ts, whose f32
// operations they build on.

import { maskOf } from "./lanes";

// ---- float64 evaluation of a·x + b ---------------------------------------------------
// The product of two f32 is exact in f64, so a·x + b in f64 is rounded once (and once
// more to f32: within 2^-29 ULP of a single rounding). Used where a cancellation in f32
// would lose every bit of the result (the zero of an affine function).

/** a·x + b in f64 for lanes 0,1 (hi = false) or 2,3 (hi = true) of x; a, b splatted. */
@inline function affineHalf(x: v128, a: v128, b: v128, hi: bool): v128 {
  return f64x2.add(f64x2.mul(hi ? hi64(x) : lo64(x), lo64(a)), lo64(b));
}

/** f32 rounding of a·x + b computed in f64 (see above). */
@inline export function affineF64<V>(x: V, a: V, b: V): V {
  if (isVector<V>()) {
    return join32(affineHalf(x, a, b, false), affineHalf(x, a, b, true));
  } else {
    return <V>(<f32>(<f64>(<f32>x) * <f64>(<f32>a) + <f64>(<f32>b)));
  }
}

/** Mask of lo < a·x + b < hi, with a·x + b computed in f64 (false for NaN). */
@inline export function affineWithinF64<V>(x: V, a: V, b: V, lo: f64, hi: f64): V {
  if (isVector<V>()) {
    const l = f64x2.splat(lo);
    const h = f64x2.splat(hi);
    const w0 = affineHalf(x, a, b, false);
    const w1 = affineHalf(x, a, b, true);
    const m0 = v128.and(f64x2.gt(w0, l), f64x2.lt(w0, h));
    const m1 = v128.and(f64x2.gt(w1, l), f64x2.lt(w1, h));
    return i32x4.shuffle(m0, m1, 0, 2, 4, 6);
  } else {
    const w = <f64>(<f32>x) * <f64>(<f32>a) + <f64>(<f32>b);
    return maskOf<V>(<bool>(<i32>(w > lo) & <i32>(w < hi)));
  }
}

// ---- reductions and float64 steps (row kernels: softmax family, glu) -----------------
//
// Row sums are accumulated in float64. The accumulator type A is `v128` holding two f64
// lanes in the SIMD build (lanes 0+2 and 1+3 of each f32 vector are added into it) and
// `f64` in the scalar build; kernels are instantiated as <v128, v128> or <f32, f64>.

/** IEEE maximum: NaN if either lane is NaN (unlike pmax); max(-0, +0) = +0. */
@inline export function fmax<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.max(a, b);
  else return <V>Mathf.max(<f32>a, <f32>b);
}

/** The f32 at `p` in every lane (tails of max reductions, where zero lanes would count). */
@inline export function loadSplat<V>(p: usize): V {
  if (isVector<V>()) return v128.load32_splat(p);
  else return <V>load<f32>(p);
}

/** Largest lane (NaN if any lane is NaN). */
@inline export function hmax<V>(v: V): f32 {
  if (isVector<V>()) {
    const m = f32x4.max(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
    return f32x4.extract_lane(f32x4.max(m, i32x4.shuffle(m, m, 1, 0, 3, 2)), 0);
  } else return <f32>v;
}

// The SIMD-only shorthands of widenLo, widenHi and narrow (f64 lanes section below).
@inline function lo64(v: v128): v128 {
  return widenLo<v128, v128>(v);
}

@inline function hi64(v: v128): v128 {
  return widenHi<v128, v128>(v);
}

/** Rounds two f64x2 back to one f32x4 (lo → lanes 0, 1; hi → lanes 2, 3). */
@inline function join32(lo: v128, hi: v128): v128 {
  return narrow<v128, v128>(lo, hi);
}

@inline export function accZero<A>(): A {
  if (isVector<A>()) return f64x2.splat(0.0);
  else return <A>0.0;
}

/** acc + every lane of v, in float64. */
@inline export function accAdd<V, A>(acc: A, v: V): A {
  if (isVector<V>()) return f64x2.add(acc, f64x2.add(lo64(v), hi64(v)));
  else return <A>(<f64>acc + <f64><f32>v);
}

/** acc + lane 0 of v only (tails loaded with loadOne, whose other lanes are not data). */
@inline export function accAddOne<V, A>(acc: A, v: V): A {
  if (isVector<V>()) return f64x2.add(acc, f64x2.replace_lane(f64x2.splat(0.0), 0, <f64>f32x4.extract_lane(v, 0)));
  else return <A>(<f64>acc + <f64><f32>v);
}

/** acc + every lane of u·v; each product is exact in float64. */
@inline export function accAddProduct<V, A>(acc: A, u: V, v: V): A {
  if (isVector<V>()) {
    return f64x2.add(acc, f64x2.add(f64x2.mul(lo64(u), lo64(v)), f64x2.mul(hi64(u), hi64(v))));
  } else return <A>(<f64>acc + <f64><f32>u * <f64><f32>v);
}

/** acc + lane 0 of u·v (exact product in float64). */
@inline export function accAddProductOne<V, A>(acc: A, u: V, v: V): A {
  if (isVector<V>()) {
    const p = <f64>f32x4.extract_lane(u, 0) * <f64>f32x4.extract_lane(v, 0);
    return f64x2.add(acc, f64x2.replace_lane(f64x2.splat(0.0), 0, p));
  } else return <A>(<f64>acc + <f64><f32>u * <f64><f32>v);
}

/** The sum of an accumulator's lanes. */
@inline export function accTotal<A>(a: A, b: A): f64 {
  if (isVector<A>()) {
    const s = f64x2.add(a, b);
    return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  } else return <f64>a + <f64>b;
}

/** y·(d − (hi + lo)) per lane, computed in float64 and rounded once. */
@inline export function mulDiff64<V>(y: V, d: V, hi: V, lo: V): V {
  if (isVector<V>()) {
    const l = f64x2.mul(lo64(y), f64x2.sub(f64x2.sub(lo64(d), lo64(hi)), lo64(lo)));
    const h = f64x2.mul(hi64(y), f64x2.sub(f64x2.sub(hi64(d), lo64(hi)), lo64(lo)));
    return join32(l, h);
  } else return <V><f32>(<f64><f32>y * ((<f64><f32>d - <f64><f32>hi) - <f64><f32>lo));
}

/** d − p·(hi + lo) per lane, computed in float64 and rounded once. */
@inline export function subMul64<V>(d: V, p: V, hi: V, lo: V): V {
  if (isVector<V>()) {
    const l = f64x2.sub(f64x2.sub(lo64(d), f64x2.mul(lo64(p), lo64(hi))), f64x2.mul(lo64(p), lo64(lo)));
    const h = f64x2.sub(f64x2.sub(hi64(d), f64x2.mul(hi64(p), lo64(hi))), f64x2.mul(hi64(p), lo64(lo)));
    return join32(l, h);
  } else {
    const pp = <f64><f32>p;
    return <V><f32>((<f64><f32>d - pp * <f64><f32>hi) - pp * <f64><f32>lo);
  }
}

/** a·b·c per lane, computed in float64 (a·b exact) and rounded once: no spurious overflow. */
@inline export function mul3x64<V>(a: V, b: V, c: V): V {
  if (isVector<V>()) {
    const l = f64x2.mul(f64x2.mul(lo64(a), lo64(b)), lo64(c));
    const h = f64x2.mul(f64x2.mul(hi64(a), hi64(b)), hi64(c));
    return join32(l, h);
  } else return <V><f32>(<f64><f32>a * <f64><f32>b * <f64><f32>c);
}

// ---- f64 lanes ------------------------------------------------------------------------
// A few computations need more than f32 precision in between (an argument that exp
// amplifies, a rational function whose own roundings would cost several ULP). They run
// on f64 lanes W: an f64x2 in a v128 in the SIMD build, where each f32 vector is taken
// as two halves (widenLo/widenHi, narrow), and a plain f64 in the scalar build. Results are rounded
// to f32 once, in narrow.

@inline export function wsplat<W>(c: f64): W {
  if (isVector<W>()) return f64x2.splat(c);
  else return <W>c;
}

@inline export function wadd<W>(a: W, b: W): W {
  if (isVector<W>()) return f64x2.add(a, b);
  else return <W>(<f64>a + <f64>b);
}

@inline export function wsub<W>(a: W, b: W): W {
  if (isVector<W>()) return f64x2.sub(a, b);
  else return <W>(<f64>a - <f64>b);
}

@inline export function wmul<W>(a: W, b: W): W {
  if (isVector<W>()) return f64x2.mul(a, b);
  else return <W>(<f64>a * <f64>b);
}

@inline export function wdiv<W>(a: W, b: W): W {
  if (isVector<W>()) return f64x2.div(a, b);
  else return <W>(<f64>a / <f64>b);
}

@inline export function wabs<W>(a: W): W {
  if (isVector<W>()) return f64x2.abs(a);
  else return <W>Math.abs(<f64>a);
}

/** a·b + c: fused where the relaxed-SIMD build runs on an FMA CPU (as lanes.madd), else two roundings. */
@inline export function wmadd<W>(a: W, b: W, c: W): W {
  if (isVector<W>() && ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return wadd<W>(wmul<W>(a, b), c);
}

/** Round to nearest, ties to even, on f64 lanes. */
@inline export function wnearest<W>(a: W): W {
  if (isVector<W>()) return f64x2.nearest(a);
  else return <W>nearest<f64>(<f64>a);
}

/** Clamp to [lo, hi]; NaN stays NaN. */
@inline export function wclamp<W>(a: W, lo: f64, hi: f64): W {
  if (isVector<W>()) return f64x2.pmin(f64x2.pmax(a, f64x2.splat(lo)), f64x2.splat(hi));
  else return <W>min<f64>(max<f64>(<f64>a, lo), hi);
}

/** All-ones lanes where a < 0. */
@inline export function wnegMask<W>(a: W): W {
  if (isVector<W>()) return f64x2.lt(a, f64x2.splat(0.0));
  else return <W>reinterpret<f64>(-(<i64>(<f64>a < 0)));
}

/** Lane-wise `mask ? a : b` for a lane mask (bitwise, so no branch in the scalar build either; relaxed as lanes.select). */
@inline export function wselect<W>(mask: W, a: W, b: W): W {
  if (isVector<W>() && ASC_FEATURE_RELAXED_SIMD) return i64x2.relaxed_laneselect(a, b, mask);
  if (isVector<W>()) return v128.bitselect(a, b, mask);
  else {
    const m = reinterpret<i64>(<f64>mask);
    return <W>reinterpret<f64>((reinterpret<i64>(<f64>a) & m) | (reinterpret<i64>(<f64>b) & ~m));
  }
}

/** The low two lanes of an f32 vector as f64 lanes; the value itself in the scalar build. */
@inline export function widenLo<V, W>(x: V): W {
  if (isVector<V>()) return f64x2.promote_low_f32x4(x);
  else return <W><f64><f32>x;
}

/** The high two lanes of an f32 vector as f64 lanes (SIMD build only). */
@inline export function widenHi<V, W>(x: V): W {
  if (isVector<V>()) return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
  else return <W><f64><f32>x;
}

/** An f32 vector from two f64-lane halves, each rounded once (in the scalar build, `a` alone). */
@inline export function narrow<V, W>(a: W, b: W): V {
  if (isVector<V>()) {
    return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
  } else {
    return <V><f32><f64>a;
  }
}

/**
 * F.apply<W>(x) on f64 lanes, for every lane of the f32 input x, rounded once to f32.
 * F is a class with an `@inline apply<W>(x: W): W` (never instantiated).
 */
@inline export function wide1<V, F>(x: V): V {
  const f = changetype<F>(0);
  if (isVector<V>()) {
    return narrow<V, v128>(f.apply<v128>(widenLo<V, v128>(x)), f.apply<v128>(widenHi<V, v128>(x)));
  } else {
    return narrow<V, f64>(f.apply<f64>(widenLo<V, f64>(x)), 0);
  }
}

/**
 * F.apply<W>(x, y) on f64 lanes, for every lane of the f32 inputs x and y, rounded once
 * to f32. F is a class with an `@inline apply<W>(x: W, y: W): W` (never instantiated).
 */
@inline export function wide2<V, F>(x: V, y: V): V {
  const f = changetype<F>(0);
  if (isVector<V>()) {
    const a = f.apply<v128>(widenLo<V, v128>(x), widenLo<V, v128>(y));
    const b = f.apply<v128>(widenHi<V, v128>(x), widenHi<V, v128>(y));
    return narrow<V, v128>(a, b);
  } else {
    return narrow<V, f64>(f.apply<f64>(widenLo<V, f64>(x), widenLo<V, f64>(y)), 0);
  }
}
