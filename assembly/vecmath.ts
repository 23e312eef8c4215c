// The shared vector math core: every kernel that needs exp, expm1, log1p or erfc calls
// these; there is no second copy of any approximation. All functions are generic over
// the lane type V (see lanes.ts), branch-free, and keep NaN inputs NaN.
//
// Names follow XNNPACK's convention: rr2 = two-constant Cody–Waite range reduction,
// pN = polynomial of degree N, rational-M-N = ratio of polynomials of those degrees.
//
//   exp      expRr2P6, expRr2P6HiLo (argument given as hi + lo), expMulRr2P6 (m·e^x with
//            one rounding into the subnormal range), expOddCubicWide and
//            expOddCubicMulWide (argument a cubic evaluated in f64 lanes)
//   expm1    expm1Rr2P6, expm1MulRr2P6 (m·expm1, rounded once), expm1MulRr2P6HiLo
//   log1p    log1pP10 (whole line), log1pFiniteP10 (finite x > -1), log1pUnitP10 ([0, 1])
//   erfc     erfcxRational45Wide (scaled, f64 lanes), expNegSquare (e^(-s·x²) with x²
//            split exactly), erfcRational45
//   helpers  splitHi (Veltkamp split), twoProdLo (exact product error), quotientLo
//            (low part of a quotient)
//   other    logisticBell

import {
  splat, splatBits, add, sub, mul, div, madd, abs, neg, pmax, pmin, lt, le, gt, ge, eq, and,
  select, iadd, isub, ishl, ishrS,
  wsplat, wadd, wsub, wmul, wdiv, wmadd, wclamp, widenLo, widenHi, narrow,
} from "./lanes";

// Round-to-nearest by the magic-bias trick: adding 1.5·2^23 leaves round(v) in the low
// mantissa bits, so one addition gives both the rounded float and the integer.
const MAGIC_BIAS: f32 = 12582912.0;
const MAGIC_BIAS_BITS: u32 = 0x4b400000;
const LOG2E: f32 = 1.44269504089;
// ln 2 split so that n·LN2_HI is exact for |n| < 2^9 (Cody–Waite, two constants).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(r) - 1 ≈ r + r²·P(r) on [-ln2/2, ln2/2] (Cephes expf minimax coefficients).
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;
// Below EXP_MIN_ARG the result rounds to +0 even as a subnormal; above EXP_MAX_ARG it
// is +Inf. Clamping keeps the integer exponent inside the two-factor scaling range.
const EXP_MIN_ARG: f32 = -104.0;
const EXP_MAX_ARG: f32 = 89.0;
// With a multiplier |m| ≤ 2^20 (expMulRr2P6), m·exp(x) rounds to 0 only below this.
const EXP_MUL_MIN_ARG: f32 = -120.0;

// ---- polynomials --------------------------------------------------------------------

/** c0 + c1·x + … + c7·x⁷ by Horner's rule (the degree-7 cores of log1p and tanhshrink). */
@inline export function horner8<V>(x: V, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32, c5: f32, c6: f32, c7: f32): V {
  let p = madd<V>(splat<V>(c7), x, splat<V>(c6));
  p = madd<V>(p, x, splat<V>(c5));
  p = madd<V>(p, x, splat<V>(c4));
  p = madd<V>(p, x, splat<V>(c3));
  p = madd<V>(p, x, splat<V>(c2));
  p = madd<V>(p, x, splat<V>(c1));
  return madd<V>(p, x, splat<V>(c0));
}

// ---- exp ------------------------------------------------------------------------------

/** e^r - 1 = r + r²·P(r) for |r| ≤ ln2/2: the one polynomial behind exp and expm1. */
@inline function expm1Poly<V>(r: V): V {
  let p = madd<V>(splat<V>(EXP_P0), r, splat<V>(EXP_P1));
  p = madd<V>(p, r, splat<V>(EXP_P2));
  p = madd<V>(p, r, splat<V>(EXP_P3));
  p = madd<V>(p, r, splat<V>(EXP_P4));
  p = madd<V>(p, r, splat<V>(EXP_P5));
  return madd<V>(p, mul<V>(r, r), r);
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
  let r = madd<V>(n, splat<V>(-LN2_HI), xc);
  r = withLo ? add<V>(r, madd<V>(n, splat<V>(-LN2_LO), lc)) : madd<V>(n, splat<V>(-LN2_LO), r);
  let e = add<V>(expm1Poly<V>(r), splat<V>(1.0));
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
  let r = madd<V>(n, splat<V>(-LN2_HI), z);
  r = withLo ? add<V>(r, madd<V>(n, splat<V>(-LN2_LO), lc)) : madd<V>(n, splat<V>(-LN2_LO), r);
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

/** Round to nearest, ties to even, on f64 lanes (lanes.ts's `nearest` shadows the builtin there). */
@inline function wnearest<W>(a: W): W {
  if (isVector<W>()) return f64x2.nearest(a);
  else return <W>nearest<f64>(<f64>a);
}
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
  let e = add<V>(expm1Poly<V>(r), splat<V>(1.0));
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

// ---- extra-precision helpers ------------------------------------------------------------

/**
 * The high half of a Veltkamp split: a 12-bit float with a - hi exact in 12 bits, so
 * products of two high halves (or of a high and a low half) are exact. |a| < 2^115.
 */
@inline export function splitHi<V>(a: V): V {
  const c = mul<V>(a, splat<V>(4097.0));
  return sub<V>(c, sub<V>(c, a));
}

/** The exact error a·b - p of the product p = fl(a·b), given ah = splitHi(a), bh = splitHi(b) (Dekker). */
@inline export function twoProdLo<V>(a: V, ah: V, b: V, bh: V, p: V): V {
  const al = sub<V>(a, ah);
  const bl = sub<V>(b, bh);
  const e = add<V>(add<V>(madd<V>(ah, bh, neg<V>(p)), mul<V>(ah, bl)), mul<V>(al, bh));
  return madd<V>(al, bl, e);
}

/**
 * The low part of a quotient: with q ≈ x/d (within a few ulps, e.g. x·inv) and inv ≈ 1/d,
 * x/d = q + lo to about 2^-46 relative, from the exact remainder x - q·d (Dekker's
 * product; x - fl(q·d) is exact by Sterbenz). |q|, |d| < 2^115.
 */
@inline export function quotientLo<V>(x: V, d: V, inv: V, q: V): V {
  const p = mul<V>(q, d);
  const r = sub<V>(sub<V>(x, p), twoProdLo<V>(q, splitHi<V>(q), d, splitHi<V>(d), p));
  return mul<V>(r, inv);
}

/**
 * exp(-s·x²) for s a power of two and |x| < 2^60, with x² split exactly into
 * xh² + xl·(x + xh): the argument reaches exp with no rounding error, so the result is
 * ≈1 ULP even where s·x² is near 100 (a rounded x² would cost up to 50 ULP there).
 */
@inline export function expNegSquare<V>(x: V, s: f32): V {
  const xh = splitHi<V>(x);
  const xl = sub<V>(x, xh);
  const hi = mul<V>(mul<V>(xh, xh), splat<V>(-s));
  const lo = mul<V>(mul<V>(xl, add<V>(x, xh)), splat<V>(-s));
  return expRr2P6HiLo<V>(hi, lo);
}

// ---- log1p -------------------------------------------------------------------------------

const SQRT_HALF_BITS: u32 = 0x3f3504f3;
const SQRT_HALF_M1: f32 = -0.29289323;
const SQRT2_M1: f32 = 0.41421357;
// log(1+f) = f - f²/2 + f³·P(f) on [√½ - 1, √2 - 1], minimax for relative error (2^-27).
const LOG_P0: f32 = 0.3333333134651184;
const LOG_P1: f32 = -0.2500081956386566;
const LOG_P2: f32 = 0.20001225173473358;
const LOG_P3: f32 = -0.16623365879058838;
const LOG_P4: f32 = 0.142018124461174;
const LOG_P5: f32 = -0.13160154223442078;
const LOG_P6: f32 = 0.12761200964450836;
const LOG_P7: f32 = -0.07634113729000092;

/**
 * k·ln2 + log(1+f) + c/u for the reduced f in [√½ - 1, √2 - 1), where c2 = c·2^-k is the
 * rounding error of u = 1 + x scaled (0 where there is none) and c/u ≈ c2·(1 - f + f²).
 * log(1+f) = f - f²/2 + f³·P7(f), summed small terms first (musl's order).
 */
@inline function log1pTail<V>(f: V, kf: V, c2: V): V {
  const f2 = mul<V>(f, f);
  const corr = madd<V>(c2, sub<V>(f2, f), c2);
  const p = horner8<V>(f, LOG_P0, LOG_P1, LOG_P2, LOG_P3, LOG_P4, LOG_P5, LOG_P6, LOG_P7);
  const lo = madd<V>(mul<V>(f2, f), p, madd<V>(kf, splat<V>(LN2_LO), corr));
  const r = add<V>(madd<V>(f2, splat<V>(-0.5), lo), f);
  return madd<V>(kf, splat<V>(LN2_HI), r);
}

/**
 * log1p(x) for finite x > -1 (no special-value selects; see log1pP10 for the rest).
 * Reduction: 1 + x = 2^k·(1 + f) with f in [√½ - 1, √2 - 1) read off the float bits; the
 * rounding error c of 1 + x is added back as c/(1+x) (musl log1pf). For x already in
 * that interval, f = x and k = 0. Then log(1+f) = f - f²/2 + f³·P7(f). ≈0.8 ULP.
 */
@inline export function log1pFiniteP10<V>(x: V): V {
  const one = splat<V>(1.0);
  const u = add<V>(x, one);
  const iu = iadd<V>(u, splatBits<V>(0x3f800000 - SQRT_HALF_BITS));
  const kb = ishrS<V>(iu, 23); // k + 127
  // k as a float: the integer added to the bits of 1.5·2^23, minus 1.5·2^23.
  const k = sub<V>(iadd<V>(kb, splatBits<V>(MAGIC_BIAS_BITS - 127)), splat<V>(MAGIC_BIAS));
  const fu = sub<V>(iadd<V>(and<V>(iu, splatBits<V>(0x007fffff)), splatBits<V>(SQRT_HALF_BITS)), one);
  // c = (1 + x) - u exactly, scaled by 2^-k.
  const c = select<V>(ge<V>(k, splat<V>(2.0)), sub<V>(one, sub<V>(u, x)), sub<V>(x, sub<V>(u, one)));
  const c2 = mul<V>(c, ishl<V>(isub<V>(splatBits<V>(254), kb), 23));
  const inner = and<V>(ge<V>(x, splat<V>(SQRT_HALF_M1)), lt<V>(x, splat<V>(SQRT2_M1)));
  return log1pTail<V>(select<V>(inner, x, fu), select<V>(inner, splat<V>(0.0), k), select<V>(inner, splat<V>(0.0), c2));
}

/**
 * log1p(x) for x in [0, 1] (NaN stays NaN): the reduction of log1pFiniteP10 without the
 * bit manipulation, since k is 0 (x < √2 - 1, f = x) or 1 (f = (1+x)/2 - 1, exact).
 * The argument range of softplus and logsigmoid, log1p(e^-|z|). ≈0.8 ULP.
 */
@inline export function log1pUnitP10<V>(x: V): V {
  const one = splat<V>(1.0);
  const u = add<V>(x, one);
  const big = ge<V>(x, splat<V>(SQRT2_M1));
  const f = select<V>(big, mul<V>(sub<V>(u, splat<V>(2.0)), splat<V>(0.5)), x);
  // c = (1 + x) - u exactly; c·2^-1 where k = 1.
  const c2 = and<V>(big, mul<V>(sub<V>(x, sub<V>(u, one)), splat<V>(0.5)));
  return log1pTail<V>(f, and<V>(big, one), c2);
}

/** log1p(x) on the whole line: log1pFiniteP10, and -Inf at -1, NaN below, +Inf at +Inf. */
@inline export function log1pP10<V>(x: V): V {
  const m1 = splat<V>(-1.0);
  const below = select<V>(eq<V>(x, m1), splat<V>(-Infinity), splat<V>(NaN));
  const r = select<V>(le<V>(x, m1), below, log1pFiniteP10<V>(x));
  return select<V>(eq<V>(x, splat<V>(Infinity)), x, r);
}

// ---- erfc ----------------------------------------------------------------------------------

// erfcx(z) ≈ P4(z)/Q5(z) on [0, 10.3], minimax for relative error (6e-9). Evaluated in
// f64 lanes: in f32, the nine Horner steps and the division alone cost up to 4 ULP.
const ERFCX_P0: f64 = 1.0000000059599308;
const ERFCX_P1: f64 = 1.2400644084687062;
const ERFCX_P2: f64 = 0.7333382142962656;
const ERFCX_P3: f64 = 0.23004602375654531;
const ERFCX_P4: f64 = 0.032970392101952184;
const ERFCX_Q1: f64 = 2.3684441750026286;
const ERFCX_Q2: f64 = 2.4058316280522383;
const ERFCX_Q3: f64 = 1.3286058741573183;
const ERFCX_Q4: f64 = 0.4077715667226139;
const ERFCX_Q5: f64 = 0.05843782741452419;
/** erfc(z) = 0 in f32 (even as a subnormal) beyond this. */
const ERFC_MAX_ARG: f32 = 10.3;

/** m·erfcx(c·t) + k·t in f64 lanes (0 ≤ c·t ≤ 10.3). */
@inline function wideErfcxAffine<W>(t: W, c: f64, m: W, k: f64): W {
  const z = wmul<W>(t, wsplat<W>(c));
  let p = wmadd<W>(wsplat<W>(ERFCX_P4), z, wsplat<W>(ERFCX_P3));
  p = wmadd<W>(p, z, wsplat<W>(ERFCX_P2));
  p = wmadd<W>(p, z, wsplat<W>(ERFCX_P1));
  p = wmadd<W>(p, z, wsplat<W>(ERFCX_P0));
  let q = wmadd<W>(wsplat<W>(ERFCX_Q5), z, wsplat<W>(ERFCX_Q4));
  q = wmadd<W>(q, z, wsplat<W>(ERFCX_Q3));
  q = wmadd<W>(q, z, wsplat<W>(ERFCX_Q2));
  q = wmadd<W>(q, z, wsplat<W>(ERFCX_Q1));
  q = wmadd<W>(q, z, wsplat<W>(1.0));
  const r = wdiv<W>(wmul<W>(m, p), q);
  return k == 0 ? r : wmadd<W>(t, wsplat<W>(k), r);
}

/**
 * m·erfcx(c·t) + k·t for 0 ≤ c·t ≤ 10.3, where erfcx(z) = e^(z²)·erfc(z) is the scaled
 * complementary error function: rational-4-5 evaluated in f64 lanes, rounded once to
 * f32 (≈0.6 ULP where the result does not cancel). With c = 1/√2 this is the normal
 * Mills ratio: Φ(-t) = ½·e^(-t²/2)·erfcx(t/√2).
 */
@inline export function erfcxRational45Wide<V>(t: V, c: f64, m: V, k: f64): V {
  if (isVector<V>()) {
    const a = wideErfcxAffine<v128>(widenLo<V, v128>(t), c, widenLo<V, v128>(m), k);
    const b = wideErfcxAffine<v128>(widenHi<V, v128>(t), c, widenHi<V, v128>(m), k);
    return narrow<V, v128>(a, b);
  } else {
    return narrow<V, f64>(wideErfcxAffine<f64>(widenLo<V, f64>(t), c, widenLo<V, f64>(m), k), 0);
  }
}

/** erfc(z) on the whole line: e^(-z²) (expNegSquare) · erfcx(|z|), reflected for z < 0. ≈2 ULP. */
@inline export function erfcRational45<V>(z: V): V {
  const a = pmin<V>(abs<V>(z), splat<V>(ERFC_MAX_ARG));
  const r = mul<V>(expNegSquare<V>(a, 1.0), erfcxRational45Wide<V>(a, 1.0, splat<V>(1.0), 0));
  return select<V>(lt<V>(z, splat<V>(0.0)), sub<V>(splat<V>(2.0), r), r);
}

// ---- logistic ------------------------------------------------------------------------------

/**
 * e/(1+e)², the bell of the logistic function, for e = exp(-|z|) in [0, 1].
 * sigmoid'(z) = bell(exp(-|z|)) and tanh'(z) = 4·bell(exp(-2|z|)); written this way it
 * has no cancellation in the tails (unlike 1 - y²).
 */
@inline export function logisticBell<V>(e: V): V {
  const one = splat<V>(1.0);
  const q = add<V>(one, e);
  // q = 1 + e loses lo = e - (q - 1) (exact). Squaring doubles that error, so correct
  // by (1 - 2·lo/q); 1/q needs only ~3% accuracy here: 1 - 0.75e + 0.25e² on [0, 1].
  const lo = sub<V>(e, sub<V>(q, one));
  const invQ = madd<V>(madd<V>(e, splat<V>(0.25), splat<V>(-0.75)), e, one);
  const correction = madd<V>(mul<V>(lo, invQ), splat<V>(-2.0), one);
  return mul<V>(div<V>(e, mul<V>(q, q)), correction);
}
