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

/**
 * a·b + c: in the relaxed-SIMD build f32x4.relaxed_madd, one rounding where the CPU fuses
 * (x86 with FMA, ARM) and two elsewhere; in the other builds always two roundings (the
 * same bits on every engine). Every kernel meets its accuracy bound either way.
 */
@inline export function madd<V>(a: V, b: V, c: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return add<V>(mul<V>(a, b), c);
}

/** c - a·b, fused or not as madd (relaxed_nmadd); in the other builds bitwise madd(a, -b, c). */
@inline export function nmadd<V>(a: V, b: V, c: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return sub<V>(c, mul<V>(a, b));
}

@inline export function sqrt<V>(a: V): V {
  if (isVector<V>()) return f32x4.sqrt(a);
  else return <V>Mathf.sqrt(<f32>a);
}

/** Clears the sign bit (NaN stays NaN); one AND (V8 expands f32x4.abs to more). */
@inline export function abs<V>(a: V): V {
  if (isVector<V>()) return v128.and(a, i32x4.splat(0x7fffffff));
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) & 0x7fffffff);
}

/** -|a|: sets the sign bit (one OR; abs then neg would be two operations of three instructions each in V8). */
@inline export function negAbs<V>(a: V): V {
  if (isVector<V>()) return v128.or(a, i32x4.splat(0x80000000));
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) | 0x80000000);
}

/** Flips the sign bit: one XOR (V8 expands f32x4.neg to more). */
@inline export function neg<V>(a: V): V {
  if (isVector<V>()) return v128.xor(a, i32x4.splat(0x80000000));
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) ^ 0x80000000);
}

// ---- comparisons (return masks) -----------------------------------------------------

@inline export function maskOf<V>(c: bool): V {
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

/**
 * Lane-wise `mask ? a : b`, `mask` a lane mask (each lane all-ones or all-zeros, as the
 * comparisons and sign spreads give). The relaxed-SIMD build uses relaxed_laneselect (one
 * BLENDVPS on x86 instead of three logic operations), which equals bitselect on such
 * masks; its result on other masks is left to the engine.
 */
@inline export function select<V>(mask: V, a: V, b: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_laneselect(a, b, mask);
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

// ---- four-entry tables (piecewise polynomials) -----------------------------------------
// A piecewise approximation on four intervals picks each coefficient per lane from a
// four-entry table: one i8x16.swizzle per coefficient in the SIMD build. The interval
// index k of a lane is carried as a V: in the SIMD build the byte indices
// (k, 4+k, 8+k, 12+k) into a table stored transposed (byte j of entry k at 4j + k, so
// the index needs no multiplication); in the scalar build the integer k in the bits.

/** The interval index of t among [-Inf, b1), [b1, b2), [b2, b3), [b3, Inf) (NaN: 0). */
@inline export function interval4<V>(t: V, b1: f32, b2: f32, b3: f32): V {
  if (isVector<V>()) {
    // Each comparison is -1 in every byte of a true lane: subtracting it adds 1 to k.
    let k = i32x4.splat(0x0c080400);
    k = i8x16.sub(k, f32x4.ge(t, f32x4.splat(b1)));
    k = i8x16.sub(k, f32x4.ge(t, f32x4.splat(b2)));
    return i8x16.sub(k, f32x4.ge(t, f32x4.splat(b3)));
  } else {
    const v = <f32>t;
    return <V>reinterpret<f32>(<i32>(v >= b1) + <i32>(v >= b2) + <i32>(v >= b3));
  }
}

/** Entry k of the table (c0, c1, c2, c3) per lane, k from interval4. */
@inline export function pick4<V>(k: V, c0: f32, c1: f32, c2: f32, c3: f32): V {
  if (isVector<V>()) {
    // A constant after optimisation (binaryen folds the shuffle of constants).
    const t = i32x4(reinterpret<i32>(c0), reinterpret<i32>(c1), reinterpret<i32>(c2), reinterpret<i32>(c3));
    return i8x16.swizzle(i8x16.shuffle(t, t, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), k);
  } else {
    const i = reinterpret<i32>(<f32>k);
    const m1 = -(<i32>(i >= 1));
    const m2 = -(<i32>(i >= 2));
    const m3 = -(<i32>(i >= 3));
    let r = (reinterpret<i32>(c0) & ~m1) | (reinterpret<i32>(c1) & m1);
    r = (r & ~m2) | (reinterpret<i32>(c2) & m2);
    return <V>reinterpret<f32>((r & ~m3) | (reinterpret<i32>(c3) & m3));
  }
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

/**
 * The first `bytes` (0, 4, …, one V's worth) of memory at `p` into a V, other lanes 0;
 * never reads past p + bytes. Tails use it to run through the same vector code.
 */
@inline export function loadPart<V>(p: usize, bytes: usize): V {
  if (isVector<V>()) {
    if (bytes >= 16) return v128.load(p);
    if (bytes >= 8) {
      const v = v128.load64_zero(p);
      return bytes > 8 ? v128.load32_lane(p + 8, v, 2) : v;
    }
    return bytes > 0 ? v128.load32_zero(p) : i32x4.splat(0);
  } else {
    return bytes > 0 ? <V>load<f32>(p) : <V>0;
  }
}

/** Stores the first `bytes` (0, 4, …, one V's worth) of `v` at `p`; never writes past p + bytes. */
@inline export function storePart<V>(p: usize, v: V, bytes: usize): void {
  if (isVector<V>()) {
    if (bytes >= 16) {
      v128.store(p, v);
    } else {
      let q = p;
      let r = v;
      if (bytes >= 8) {
        v128.store64_lane(q, r, 0);
        r = i32x4.shuffle(r, r, 2, 3, 2, 3);
        q += 8;
      }
      if ((bytes & 4) != 0) v128.store32_lane(q, r, 0);
    }
  } else {
    if (bytes > 0) store<f32>(p, <f32>v);
  }
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
