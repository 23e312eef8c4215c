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

/** a·b + c with two roundings. */
@inline export function wmadd<W>(a: W, b: W, c: W): W {
  return wadd<W>(wmul<W>(a, b), c);
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

/** Lane-wise `mask ? a : b` (bitwise, so no branch in the scalar build either). */
@inline export function wselect<W>(mask: W, a: W, b: W): W {
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
