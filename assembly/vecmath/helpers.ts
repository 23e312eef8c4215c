// Polynomial and extra-precision helpers of vecmath (see index.ts): horner8, splitHi
// (Veltkamp split), twoProdLo (exact product error), quotientLo (low part of a
// quotient), logisticBell.

import { splat, add, sub, mul, div, madd, neg } from "../lanes";

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
