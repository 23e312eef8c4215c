// exp and expm1 (the shared exponential core of vecmath; see index.ts).
//
//   expRr2P6, expLowRr2P6 (x ≤ 70, cheaper scaling), expNegAbs (e^-|x|), expRr2P6HiLo
//   (argument given as hi + lo), expMulRr2P6 (m·e^x rounded once into the subnormal
//   range), expm1Rr2P6, expm1MulRr2P6, expm1MulRr2P6HiLo, expOddCubicWide and
//   expOddCubicMulWide (argument a cubic evaluated in f64 lanes).
// Names follow XNNPACK's convention: rr2 = two-constant Cody–Waite range reduction,
// pN = polynomial of degree N.

import { splat, splatBits, add, sub, mul, madd, nmadd, abs, pmax, pmin, lt, gt, eq, and, select, iadd, isub, ishl, ishrS, negAbs } from "../lanes";
import { wsplat, wsub, wmul, wmadd, wclamp, wnearest, widenLo, widenHi, narrow } from "../lanes64";

// Round-to-nearest by the magic-bias trick: adding 1.5·2^23 leaves round(v) in the low
// mantissa bits, so one addition gives both the rounded float and the integer.
export const MAGIC_BIAS: f32 = 12582912.0;
export const MAGIC_BIAS_BITS: u32 = 0x4b400000;
export const LOG2E: f32 = 1.44269504089;
// ln 2 split so that n·LN2_HI is exact for |n| < 2^9 (Cody–Waite, two constants).
export const LN2_HI: f32 = 0.693359375;
export const LN2_LO: f32 = -2.12194440e-4;
// Degree-6 minimax polynomials on [-ln2/2, ln2/2] (relative error, Lawson iteration,
// coefficients rounded to f32; fit error 0.05 and 0.22 units of 2^-24):
//   e^r ≈ 1 + r + E2·r² + … + E6·r⁶             (exp: relative to e^r)
//   e^r - 1 ≈ r + r²·(M2 + M3·r + … + M6·r⁴)     (expm1: relative to e^r - 1)
const E2: f32 = 0.4999999403953552;
const E3: f32 = 0.1666652113199234;
const E4: f32 = 0.04166838899254799;
const E5: f32 = 0.008368710055947304;
const E6: f32 = 0.0013814599951729178;
const M2: f32 = 0.4999999701976776;
const M3: f32 = 0.1666654348373413;
const M4: f32 = 0.04166720062494278;
const M5: f32 = 0.008366513065993786;
const M6: f32 = 0.0013882515486329794;
// Below EXP_MIN_ARG the result rounds to +0 even as a subnormal; above EXP_MAX_ARG it
// is +Inf. Clamping keeps the integer exponent inside the two-factor scaling range.
const EXP_MIN_ARG: f32 = -104.0;
const EXP_MAX_ARG: f32 = 89.0;
// With a multiplier |m| ≤ 2^20 (expMulRr2P6), m·exp(x) rounds to 0 only below this.
const EXP_MUL_MIN_ARG: f32 = -120.0;

// ---- exp ------------------------------------------------------------------------------

// Both polynomials are evaluated in Estrin's form (pairs, then powers of r²) rather than
// by Horner's rule: as many operations, but half the dependency chain, which the long
// kernels (gelu) are bound by. The small terms are summed first and 1 (exp) or r
// (expm1) added last, so the final rounding is the only one at the result's magnitude.

/** e^r for |r| ≤ ln2/2 (≈0.6 ULP). */
@inline export function expPoly<V>(r: V): V {
  const r2 = mul<V>(r, r);
  const p23 = madd<V>(splat<V>(E3), r, splat<V>(E2));
  const p45 = madd<V>(splat<V>(E5), r, splat<V>(E4));
  const p26 = madd<V>(madd<V>(splat<V>(E6), r2, p45), r2, p23);
  return add<V>(madd<V>(p26, r2, r), splat<V>(1.0));
}

/** e^r - 1 = r + r²·P(r) for |r| ≤ ln2/2, without cancellation near 0 (≈0.7 ULP). */
@inline export function expm1Poly<V>(r: V): V {
  const r2 = mul<V>(r, r);
  const p23 = madd<V>(splat<V>(M3), r, splat<V>(M2));
  const p45 = madd<V>(splat<V>(M5), r, splat<V>(M4));
  const p26 = madd<V>(madd<V>(splat<V>(M6), r2, p45), r2, p23);
  return madd<V>(p26, r2, r);
}

/** r = z - n·ln2 by two-constant Cody–Waite (z - n·ln2_hi is exact), |r| ≤ ln2/2 + tiny. */
@inline function reduce<V>(z: V, n: V): V {
  return nmadd<V>(n, splat<V>(LN2_LO), nmadd<V>(n, splat<V>(LN2_HI), z));
}

/** reduce for z + lo, lo known separately (added after the exact step); z alone without it. */
@inline function reduceLo<V>(z: V, lo: V, n: V, withLo: bool): V {
  return withLo ? add<V>(nmadd<V>(n, splat<V>(LN2_HI), z), nmadd<V>(n, splat<V>(LN2_LO), lo)) : reduce<V>(z, n);
}

/** e·2^n for the integer n held in the magic-biased float t = n + MAGIC_BIAS. */
@inline function scaleByExp2<V>(e: V, t: V): V {
  // 2^n as two factors 2^(n>>1)·2^(n-(n>>1)), each a normal float for n in [-151, 128],
  // so results stay correct through the subnormal range and overflow only at the end.
  const ni = isub<V>(t, splatBits<V>(MAGIC_BIAS_BITS));
  const n1 = ishrS<V>(ni, 1);
  const n2 = isub<V>(ni, n1);
  const s1 = ishl<V>(iadd<V>(n1, splatBits<V>(127)), 23);
  const s2 = ishl<V>(iadd<V>(n2, splatBits<V>(127)), 23);
  return mul<V>(mul<V>(e, s1), s2);
}

/**
 * exp(hi + lo)·m, with `lo` and `m` compiled in only where asked for. n = round((hi+lo)
 * ·log2 e); r = (hi - n·ln2_hi) + (lo - n·ln2_lo), where hi - n·ln2_hi is exact, so a
 * low part of the argument is not lost. `m` multiplies before the final 2^n scaling.
 */
@inline function expCore<V>(hi: V, lo: V, m: V, withLo: bool, withM: bool): V {
  const xc = pmin<V>(pmax<V>(hi, splat<V>(withM ? EXP_MUL_MIN_ARG : EXP_MIN_ARG)), splat<V>(EXP_MAX_ARG));
  // Where hi was clamped (the result is 0 or Inf anyway), lo must not pull it back.
  const lc = withLo ? and<V>(lo, eq<V>(hi, xc)) : lo;
  const t = madd<V>(withLo ? add<V>(xc, lc) : xc, splat<V>(LOG2E), splat<V>(MAGIC_BIAS));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS));
  const r = reduceLo<V>(xc, lc, n, withLo);
  let e = expPoly<V>(r);
  if (withM) e = mul<V>(e, m);
  return scaleByExp2<V>(e, t);
}

/**
 * exp(x), two-constant range reduction + degree-6 polynomial, ≈1 ULP.
 * Correct through the subnormal range (down to exp(-103.97)); +Inf above 88.72.
 */
@inline export function expRr2P6<V>(x: V): V {
  return expCore<V>(x, x, x, false, false);
}

// expLowRr2P6: the magic bias also carries the exponent bias (127) plus 24, so the low
// bits of t shifted into the exponent field are 2^(n+24) directly: one shift instead of
// two-factor scaling. n + 151 stays a valid biased exponent for n in [-150, 103].
const MAGIC_BIAS_LOW: f32 = 12582912.0 + 151.0;
const TWO_M24: f32 = 5.9604644775390625e-8;
// The same with the bias 127 alone: 2^n directly, for n in [-126, 127].
const MAGIC_BIAS_127: f32 = 12582912.0 + 127.0;

/**
 * exp(x) for x ≤ 70 (larger x give garbage: callers either select those lanes away or
 * pass only x ≤ 0). The same reduction and polynomial as expRr2P6, with cheaper scaling:
 * e·2^(n+24) is exact and the final ·2^-24 rounds once, so subnormal results are still
 * correctly rounded from e. ≈1 ULP. Six fewer operations than expRr2P6.
 */
@inline export function expLowRr2P6<V>(x: V): V {
  const xc = pmax<V>(x, splat<V>(EXP_MIN_ARG));
  const t = madd<V>(xc, splat<V>(LOG2E), splat<V>(MAGIC_BIAS_LOW));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS_LOW));
  const r = reduce<V>(xc, n);
  const e = expPoly<V>(r);
  return mul<V>(mul<V>(e, ishl<V>(t, 23)), splat<V>(TWO_M24));
}

/**
 * exp(hi + c + u + lo) for a non-positive argument given in four parts, ≈1 ULP of the
 * exact sum: hi exact and such that hi - n·ln2_hi is exact for the n of the sum (a
 * product of two 11-bit halves, as -t²/2 in normalTail), |c| < 4 (a table constant),
 * |u| < 1 and |lo| small. The parts are added into the reduced argument from the
 * largest down, each sum at the magnitude of the result of its reduction, so the
 * argument reaches the polynomial with ≈2^-26 absolute error even where hi is near
 * -100. Scaling as expLowRr2P6 (gradual underflow); +0 below about -104.3.
 */
@inline export function expLowRr2P6Sum<V>(hi: V, c: V, u: V, lo: V): V {
  const t = madd<V>(add<V>(hi, add<V>(u, c)), splat<V>(LOG2E), splat<V>(MAGIC_BIAS_LOW));
  // n ≥ -151: at -151 the scale 2^(n+24) below is the bit pattern 0, so the result is +0.
  const tc = pmax<V>(t, splat<V>(MAGIC_BIAS));
  const n = sub<V>(tc, splat<V>(MAGIC_BIAS_LOW));
  let r = add<V>(add<V>(nmadd<V>(n, splat<V>(LN2_HI), hi), c), u);
  r = add<V>(r, nmadd<V>(n, splat<V>(LN2_LO), lo));
  return mul<V>(mul<V>(expPoly<V>(r), ishl<V>(tc, 23)), splat<V>(TWO_M24));
}

// expSatRr2P6: n in [-126, 128]; 2^128 from the shift is the bit pattern of +Inf.
const EXP_SAT_MIN_ARG: f32 = -87.33;
const EXP_SAT_MAX_ARG: f32 = 88.7;

/**
 * e^z for z ≥ -87.33 with cheap scaling (one shift, as expLowRr2P6): ≈1 ULP up to
 * z = 88.37, +Inf from there (2^n for n = 128 is the bit pattern of +Inf), and
 * e^-87.33 ≈ 2^-126 for every z below (the clamp). For 1/(1 + e^-x) (sigmoid), where
 * neither end needs more.
 */
@inline export function expSatRr2P6<V>(z: V): V {
  const zc = pmin<V>(pmax<V>(z, splat<V>(EXP_SAT_MIN_ARG)), splat<V>(EXP_SAT_MAX_ARG));
  const t = madd<V>(zc, splat<V>(LOG2E), splat<V>(MAGIC_BIAS_127));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS_127));
  const r = reduce<V>(zc, n);
  return mul<V>(expPoly<V>(r), ishl<V>(t, 23));
}

/** exp(-|x|) in (0, 1] (the decaying exponential of sigmoid, softplus, silu): expLowRr2P6. */
@inline export function expNegAbs<V>(x: V): V {
  return expLowRr2P6<V>(negAbs<V>(x));
}

/**
 * exp(hi + lo) for an argument known to more than f32 precision (|lo| small next to
 * |hi|, or at most a few units), ≈1 ULP of the exact exp(hi + lo).
 */
@inline export function expRr2P6HiLo<V>(hi: V, lo: V): V {
  return expCore<V>(hi, lo, hi, true, false);
}

/**
 * m·exp(x) for |m| ≤ 2^20: m multiplies before the final power-of-two scaling, so where
 * exp(x) is subnormal but m·exp(x) is not, the product is still accurate (≈1.5 ULP).
 */
@inline export function expMulRr2P6<V>(x: V, m: V): V {
  return expCore<V>(x, x, m, false, true);
}

// ---- expm1 -----------------------------------------------------------------------------

// expm1 is -1 in f32 below this (XNNPACK's sat_cutoff); above EXPM1_MAX_ARG it is +Inf.
const EXPM1_MIN_ARG: f32 = -17.328680;
const EXPM1_MAX_ARG: f32 = 88.8;
// Below this |x|, expm1(x) rounds to x (x²/2 is under half an ulp of x).
const EXPM1_TINY: f32 = 1e-10;
// With a multiplier |m| ≥ 2^-126, m·expm1(x) overflows f32 beyond this.
const EXPM1_WIDE_MAX_ARG: f32 = 176.0;

// Below this, 1 - e^z rounds to 1 (e^z < 2^-25); n ≥ -26 keeps 2^n normal.
const EXPM1_NEG_MIN_ARG: f32 = -17.5;

/**
 * 1 - e^z = -expm1(z) for z ≤ 0 (NaN stays NaN), ≈1 ULP: with z = n·ln2 + r and s = 2^n,
 * 1 - e^z = (1 - s) - s·(e^r - 1), where 1 - s is exact and both terms have the sign of
 * the result (no cancellation; for n = 0 it is -(e^r - 1) itself, exact near 0).
 * s comes from one shift (the magic bias carries the exponent bias).
 */
@inline export function oneMinusExpRr2P6<V>(z: V): V {
  const zc = pmax<V>(z, splat<V>(EXPM1_NEG_MIN_ARG));
  const t = madd<V>(zc, splat<V>(LOG2E), splat<V>(MAGIC_BIAS_127));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS_127));
  const r = reduce<V>(zc, n);
  const s = ishl<V>(t, 23);
  return sub<V>(sub<V>(splat<V>(1.0), s), mul<V>(s, expm1Poly<V>(r)));
}

/**
 * m·expm1(hi + lo), lo and m compiled in only where asked for; see expm1Rr2P6.
 * `wide` (with m) extends the range up to where m·expm1 itself overflows: for n > 24,
 * s - 1 = s to working precision and m·e^x is scaled by two factors, as in exp.
 */
@inline function expm1Core<V>(hi: V, lo: V, m: V, withLo: bool, withM: bool, wide: bool): V {
  const z = pmin<V>(pmax<V>(hi, splat<V>(EXPM1_MIN_ARG)), splat<V>(wide ? EXPM1_WIDE_MAX_ARG : EXPM1_MAX_ARG));
  const lc = withLo ? and<V>(lo, eq<V>(hi, z)) : lo;
  const t = madd<V>(withLo ? add<V>(z, lc) : z, splat<V>(LOG2E), splat<V>(MAGIC_BIAS));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS));
  const r = reduceLo<V>(z, lc, n, withLo);
  const p = expm1Poly<V>(r);
  // s/2 = 2^(n-1): exponent field n - 1 + 127.
  const sh = ishl<V>(iadd<V>(isub<V>(t, splatBits<V>(MAGIC_BIAS_BITS)), splatBits<V>(126)), 23);
  const half = madd<V>(sh, p, sub<V>(sh, splat<V>(0.5))); // expm1/2, finite up to n = 128
  // m multiplies before the doubling, so m·expm1 is finite wherever it fits in f32.
  let e = mul<V>(withM ? mul<V>(half, m) : half, splat<V>(2.0));
  if (wide) {
    const big = scaleByExp2<V>(mul<V>(add<V>(p, splat<V>(1.0)), m), t);
    e = select<V>(gt<V>(n, splat<V>(24.0)), big, e);
  }
  // Halving a subnormal p would drop its last bit; expm1(x) rounds to x there anyway.
  return select<V>(lt<V>(abs<V>(hi), splat<V>(EXPM1_TINY)), withM ? mul<V>(hi, m) : hi, e);
}

/**
 * expm1(x) = e^x - 1 without cancellation near 0 (XNNPACK velu rr2-p6 scheme): with
 * x = n·ln2 + r, e^x - 1 = (s - 1) + s·(e^r - 1), s = 2^n, where s - 1 is exact.
 * s is carried as s/2 and the result doubled, so n = 128 (x up to 88.72) stays finite.
 * ≈1.5 ULP; -1 below -17.33, +Inf above 88.72.
 */
@inline export function expm1Rr2P6<V>(x: V): V {
  return expm1Core<V>(x, x, x, false, false, false);
}

/** m·expm1(x) rounded once (m applied before the final doubling: no early overflow). */
@inline export function expm1MulRr2P6<V>(x: V, m: V): V {
  return expm1Core<V>(x, x, m, false, true, false);
}

/**
 * m·expm1(hi + lo) for an argument known to more than f32 precision (as expRr2P6HiLo),
 * correct up to where the product overflows (hi up to 176, for |m| ≥ 2^-126).
 */
@inline export function expm1MulRr2P6HiLo<V>(hi: V, lo: V, m: V): V {
  return expm1Core<V>(hi, lo, m, true, true, true);
}

// ---- exp of an argument evaluated in f64 lanes -------------------------------------------

const LOG2E_F64: f64 = 1.4426950408889634;

const LN2_F64: f64 = 0.6931471805599453;

/** x·(c1 + c3·x²), clamped to the exp range [lo, EXP_MAX_ARG]. */
@inline function wideOddCubic<W>(x: W, c1: f64, c3: f64, lo: f32): W {
  const v = wmul<W>(x, wmadd<W>(wmul<W>(x, x), wsplat<W>(c3), wsplat<W>(c1)));
  return wclamp<W>(v, <f64>lo, <f64>EXP_MAX_ARG);
}

/** n = round(v·log2 e), as f64 lanes. */
@inline function wideN<W>(v: W): W {
  return wnearest<W>(wmul<W>(v, wsplat<W>(LOG2E_F64)));
}

/** r = v - n·ln2 (|r| ≤ ln2/2; one f64 ln2 is exact enough). */
@inline function wideRemainder<W>(v: W, n: W): W {
  return wsub<W>(v, wmul<W>(n, wsplat<W>(LN2_F64)));
}

/** m·exp(x·(c1 + c3·x²)), m compiled in only where asked for; see expOddCubicWide. */
@inline function expOddCubicCore<V>(x: V, c1: f64, c3: f64, m: V, withM: bool): V {
  const lo = withM ? EXP_MUL_MIN_ARG : EXP_MIN_ARG;
  let n: V, r: V;
  if (isVector<V>()) {
    const va = wideOddCubic<v128>(widenLo<V, v128>(x), c1, c3, lo);
    const vb = wideOddCubic<v128>(widenHi<V, v128>(x), c1, c3, lo);
    const na = wideN<v128>(va);
    const nb = wideN<v128>(vb);
    r = narrow<V, v128>(wideRemainder<v128>(va, na), wideRemainder<v128>(vb, nb));
    n = narrow<V, v128>(na, nb);
  } else {
    const v = wideOddCubic<f64>(widenLo<V, f64>(x), c1, c3, lo);
    const nv = wideN<f64>(v);
    r = narrow<V, f64>(wideRemainder<f64>(v, nv), 0);
    n = narrow<V, f64>(nv, 0);
  }
  let e = expPoly<V>(r);
  if (withM) e = mul<V>(e, m);
  // n is an integer in [-174, 129]: adding the magic bias is exact and gives scaleByExp2's form.
  return scaleByExp2<V>(e, add<V>(n, splat<V>(MAGIC_BIAS)));
}

/**
 * exp(x·(c1 + c3·x²)), with the cubic argument and its range reduction evaluated in
 * f64 lanes. Where the argument is large, exp multiplies its relative error by
 * |argument|; here it carries none, so the result is ≈1 ULP of the exact value (the
 * polynomial and scaling are expRr2P6's).
 */
@inline export function expOddCubicWide<V>(x: V, c1: f64, c3: f64): V {
  return expOddCubicCore<V>(x, c1, c3, x, false);
}

/** m·exp(x·(c1 + c3·x²)) for |m| ≤ 2^20, m applied before the final scaling (as expMulRr2P6). */
@inline export function expOddCubicMulWide<V>(x: V, c1: f64, c3: f64, m: V): V {
  return expOddCubicCore<V>(x, c1, c3, m, true);
}

