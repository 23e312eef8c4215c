// Lane operations, generic over the lane type V: `v128` (four f32 lanes) in the SIMD
// build and `f32` (one lane) in the scalar build. Every kernel is written once against
// these helpers; the compiler only compiles the branch for the V it is instantiated
// with, so the scalar build never sees a SIMD opcode.
//
// Masks are values of type V whose lanes are all-ones (true) or all-zeros (false).
// Scalar selects and min/max go through integer bit operations on purpose: V8 turns
// scalar f32 `select` into branches, which mispredict on random-sign data.

// ---- constants and conversion -----------------------------------------------------

@inline export function splat<V>(c: f32): V {
  if (isVector<V>()) return f32x4.splat(c);
  else return <V>c;
}

/** A lane holding the raw bit pattern `bits` (for sign masks and exponent tricks). */
@inline export function splatBits<V>(bits: u32): V {
  if (isVector<V>()) return i32x4.splat(bits);
  else return <V>reinterpret<f32>(bits);
}

// ---- arithmetic ---------------------------------------------------------------------

@inline export function add<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.add(a, b);
  else return <V>(<f32>a + <f32>b);
}

@inline export function sub<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.sub(a, b);
  else return <V>(<f32>a - <f32>b);
}

@inline export function mul<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.mul(a, b);
  else return <V>(<f32>a * <f32>b);
}

@inline export function div<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.div(a, b);
  else return <V>(<f32>a / <f32>b);
}

/** a·b + c with two roundings (wasm has no portable fused multiply-add). */
@inline export function madd<V>(a: V, b: V, c: V): V {
  return add<V>(mul<V>(a, b), c);
}

@inline export function sqrt<V>(a: V): V {
  if (isVector<V>()) return f32x4.sqrt(a);
  else return <V>Mathf.sqrt(<f32>a);
}

/** Clears the sign bit (NaN stays NaN). */
@inline export function abs<V>(a: V): V {
  if (isVector<V>()) return f32x4.abs(a);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) & 0x7fffffff);
}

@inline export function neg<V>(a: V): V {
  if (isVector<V>()) return f32x4.neg(a);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) ^ 0x80000000);
}

/** Round to nearest, ties to even. */
@inline export function nearest<V>(a: V): V {
  if (isVector<V>()) return f32x4.nearest(a);
  else return <V>Mathf.nearest(<f32>a);
}

// ---- comparisons (return masks) -----------------------------------------------------

@inline function maskOf<V>(c: bool): V {
  return <V>reinterpret<f32>(-(<i32>c));
}

@inline export function lt<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.lt(a, b);
  else return maskOf<V>(<f32>a < <f32>b);
}

@inline export function le<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.le(a, b);
  else return maskOf<V>(<f32>a <= <f32>b);
}

@inline export function gt<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.gt(a, b);
  else return maskOf<V>(<f32>a > <f32>b);
}

@inline export function ge<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.ge(a, b);
  else return maskOf<V>(<f32>a >= <f32>b);
}

@inline export function eq<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.eq(a, b);
  else return maskOf<V>(<f32>a == <f32>b);
}

/** True in lanes holding NaN. */
@inline export function isNaN<V>(a: V): V {
  if (isVector<V>()) return f32x4.ne(a, a);
  else return maskOf<V>(<f32>a != <f32>a);
}

// ---- bitwise ------------------------------------------------------------------------

@inline export function and<V>(a: V, b: V): V {
  if (isVector<V>()) return v128.and(a, b);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) & reinterpret<u32>(<f32>b));
}

@inline export function or<V>(a: V, b: V): V {
  if (isVector<V>()) return v128.or(a, b);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) | reinterpret<u32>(<f32>b));
}

@inline export function xor<V>(a: V, b: V): V {
  if (isVector<V>()) return v128.xor(a, b);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) ^ reinterpret<u32>(<f32>b));
}

/** a & ~b */
@inline export function andnot<V>(a: V, b: V): V {
  if (isVector<V>()) return v128.andnot(a, b);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) & ~reinterpret<u32>(<f32>b));
}

/** Lane-wise `mask ? a : b`. */
@inline export function select<V>(mask: V, a: V, b: V): V {
  if (isVector<V>()) return v128.bitselect(a, b, mask);
  else {
    const m = reinterpret<u32>(<f32>mask);
    return <V>reinterpret<f32>((reinterpret<u32>(<f32>a) & m) | (reinterpret<u32>(<f32>b) & ~m));
  }
}

/** `b < a ? b : a` per lane: one MINPS on x86; NaN in `a` propagates, NaN in `b` does not. */
@inline export function pmin<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.pmin(a, b);
  else return select<V>(lt<V>(b, a), b, a);
}

/** `a < b ? b : a` per lane: one MAXPS on x86; NaN in `a` propagates, NaN in `b` does not. */
@inline export function pmax<V>(a: V, b: V): V {
  if (isVector<V>()) return f32x4.pmax(a, b);
  else return select<V>(lt<V>(a, b), b, a);
}

/** Magnitude of `mag` with the sign of `sgn`. */
@inline export function copysign<V>(mag: V, sgn: V): V {
  const signBit = splatBits<V>(0x80000000);
  return or<V>(andnot<V>(mag, signBit), and<V>(sgn, signBit));
}

/** Keeps NaN inputs: NaN where `x` is NaN, else `r`. */
@inline export function keepNaN<V>(x: V, r: V): V {
  return select<V>(isNaN<V>(x), x, r);
}

// ---- integer views of the lanes (exponent tricks) ------------------------------------

@inline export function iadd<V>(a: V, b: V): V {
  if (isVector<V>()) return i32x4.add(a, b);
  else return <V>reinterpret<f32>(reinterpret<i32>(<f32>a) + reinterpret<i32>(<f32>b));
}

@inline export function isub<V>(a: V, b: V): V {
  if (isVector<V>()) return i32x4.sub(a, b);
  else return <V>reinterpret<f32>(reinterpret<i32>(<f32>a) - reinterpret<i32>(<f32>b));
}

@inline export function ishl<V>(a: V, k: i32): V {
  if (isVector<V>()) return i32x4.shl(a, k);
  else return <V>reinterpret<f32>(reinterpret<i32>(<f32>a) << k);
}

@inline export function ishrS<V>(a: V, k: i32): V {
  if (isVector<V>()) return i32x4.shr_s(a, k);
  else return <V>reinterpret<f32>(reinterpret<i32>(<f32>a) >> k);
}

// ---- memory -------------------------------------------------------------------------

/** Bytes in one V. */
@inline export function laneBytes<V>(): usize {
  if (isVector<V>()) return 16;
  else return 4;
}

@inline export function loadV<V>(p: usize): V {
  if (isVector<V>()) return v128.load(p);
  else return <V>load<f32>(p);
}

@inline export function storeV<V>(p: usize, v: V): void {
  if (isVector<V>()) v128.store(p, v);
  else store<f32>(p, <f32>v);
}

/** One f32 at `p` into lane 0 (other lanes zero). */
@inline export function loadOne<V>(p: usize): V {
  if (isVector<V>()) return v128.load32_zero(p);
  else return <V>load<f32>(p);
}

/** Lane 0 of `v` to the f32 at `p`. */
@inline export function storeOne<V>(p: usize, v: V): void {
  if (isVector<V>()) v128.store32_lane(p, v, 0);
  else store<f32>(p, <f32>v);
}

// ---- piecewise helpers ---------------------------------------------------------------

/** 1.0 where `mask`, 0.0 elsewhere, NaN where `x` is NaN: the derivative of a
 *  piecewise-linear function with slopes 1 and 0. */
@inline export function indicator<V>(mask: V, x: V): V {
  return keepNaN<V>(x, and<V>(mask, splat<V>(1.0)));
}

// ---- float64 evaluation of a·x + b ---------------------------------------------------
// The product of two f32 is exact in f64, so a·x + b in f64 is rounded once (and once
// more to f32: within 2^-29 ULP of a single rounding). Used where a cancellation in f32
// would lose every bit of the result (the zero of an affine function).

/** a·x + b in f64 for lanes 0,1 (hi = false) or 2,3 (hi = true) of x; a, b splatted. */
@inline function affineHalf(x: v128, a: v128, b: v128, hi: bool): v128 {
  const h = hi ? i32x4.shuffle(x, x, 2, 3, 2, 3) : x;
  return f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(h), f64x2.promote_low_f32x4(a)), f64x2.promote_low_f32x4(b));
}

/** f32 rounding of a·x + b computed in f64 (see above). */
@inline export function affineF64<V>(x: V, a: V, b: V): V {
  if (isVector<V>()) {
    const lo = f32x4.demote_f64x2_zero(affineHalf(x, a, b, false));
    const hi = f32x4.demote_f64x2_zero(affineHalf(x, a, b, true));
    return i64x2.shuffle(lo, hi, 0, 2);
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
