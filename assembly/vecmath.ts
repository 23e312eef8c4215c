// The shared vector math core: every kernel that needs exp (or, later, expm1, log1p,
// erf) calls these; there is no second copy of any approximation. All functions are
// generic over the lane type V (see lanes.ts) and keep NaN inputs NaN.

import {
  splat, splatBits, add, sub, mul, div, madd, pmax, pmin, iadd, isub, ishl, ishrS,
} from "./lanes";

// Round-to-nearest by the magic-bias trick: adding 1.5·2^23 leaves round(v) in the low
// mantissa bits, so one addition gives both the rounded float and the integer.
const MAGIC_BIAS: f32 = 12582912.0;
const MAGIC_BIAS_BITS: u32 = 0x4b400000;
const LOG2E: f32 = 1.44269504089;
// ln 2 split so that n·LN2_HI is exact for |n| < 2^9 (Cody–Waite, two constants).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(r) ≈ 1 + r + r²·P(r) on [-ln2/2, ln2/2] (Cephes expf minimax coefficients).
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

/**
 * exp(x), two-constant range reduction + degree-6 polynomial, ≈1 ULP.
 * 2^n is applied as two factors 2^(n>>1)·2^(n-(n>>1)) so results stay correct through
 * the subnormal range (down to exp(-103.97)) and overflow to +Inf above 88.72.
 */
@inline export function expRr2P6<V>(x: V): V {
  const xc = pmin<V>(pmax<V>(x, splat<V>(EXP_MIN_ARG)), splat<V>(EXP_MAX_ARG));
  const t = madd<V>(xc, splat<V>(LOG2E), splat<V>(MAGIC_BIAS));
  const n = sub<V>(t, splat<V>(MAGIC_BIAS));
  let r = madd<V>(n, splat<V>(-LN2_HI), xc);
  r = madd<V>(n, splat<V>(-LN2_LO), r);
  let p = madd<V>(splat<V>(EXP_P0), r, splat<V>(EXP_P1));
  p = madd<V>(p, r, splat<V>(EXP_P2));
  p = madd<V>(p, r, splat<V>(EXP_P3));
  p = madd<V>(p, r, splat<V>(EXP_P4));
  p = madd<V>(p, r, splat<V>(EXP_P5));
  const e = add<V>(madd<V>(p, mul<V>(r, r), r), splat<V>(1.0));
  const ni = isub<V>(t, splatBits<V>(MAGIC_BIAS_BITS));
  const n1 = ishrS<V>(ni, 1);
  const n2 = isub<V>(ni, n1);
  const s1 = ishl<V>(iadd<V>(n1, splatBits<V>(127)), 23);
  const s2 = ishl<V>(iadd<V>(n2, splatBits<V>(127)), 23);
  return mul<V>(mul<V>(e, s1), s2);
}

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
