// Small float64 helpers shared by catalogue rows.

/** NaN where x is NaN, else r (derivatives of piecewise functions keep NaN). */
export const keepNaN = (x: number, r: number): number => (x !== x ? x : r);

/** e/(1+e)², the logistic bell for e = exp(-|z|): no cancellation in the tails. */
export function bell(e: number): number {
  const d = 1 + e;
  return e / (d * d);
}

// ---- erfc family (float64) -------------------------------------------------------------

/**
 * Chebyshev coefficients of erfcx(z)·(1 + z/4) in t = (z - 4)/(z + 4) (Schonfelder's
 * mapping of [0, ∞) onto [-1, 1); computed with 50-digit mpmath, first halved). Truncated
 * where the terms drop below 2^-60 of the sum.
 */
const ERFCX_CHEB = [
  0.40802446954913146, -0.37635823567636745, 0.14758035457222363, -0.049571317930027586,
  0.014227107557117175, -0.003443493262717524, 0.000682254183283808, -0.00010340451975756189,
  9.72854595199015e-6, 1.1988713758412045e-7, -2.1747767703449563e-7, 3.0291767735991394e-8,
  9.47991756520455e-10, -8.633411694990956e-10, 6.872156425953403e-11, 1.7034898438296277e-11,
  -3.3921306868290887e-12, -2.6158087668540244e-13, 1.212767580310864e-13, 2.114689543244809e-15,
  -4.117340933404178e-15, 6.328712721700708e-17, 1.4393110983449846e-16, -4.5614947982841305e-18,
  -5.339094257978135e-18, 1.7350920089597044e-19, 2.1088756431173547e-19,
];
const INV_SQRT_PI = 0.5641895835477563;

/**
 * The scaled complementary error function erfcx(z) = e^(z²)·erfc(z) for z ≥ 0 (NaN
 * for NaN), relative error ≈ 1e-16: a Chebyshev series in t = (z - 4)/(z + 4), summed
 * by Clenshaw's recurrence, divided by 1 + z/4.
 */
export function erfcx(z: number): number {
  if (z > 1e8) return INV_SQRT_PI / z; // erfcx(z) = (1 - 1/(2z²) + …)/(z√π)
  const t = (z - 4) / (z + 4);
  const t2 = 2 * t;
  let b1 = 0;
  let b2 = 0;
  for (let k = ERFCX_CHEB.length - 1; k >= 1; k--) {
    const b = t2 * b1 - b2 + ERFCX_CHEB[k]!;
    b2 = b1;
    b1 = b;
  }
  return (t * b1 - b2 + ERFCX_CHEB[0]!) * (4 / (4 + z));
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/**
 * exp(-s·x²) for s a power of two, with x² split exactly (x = xh + xl, 26-bit halves),
 * so that the rounding of x² (relative 2^-53, times s·x² in exp) does not show.
 */
export function expNegSquare(x: number, s: number): number {
  if (!(Math.abs(x) < 1e150)) return Math.exp(-s * x * x);
  const c = SPLIT * x;
  const xh = c - (c - x);
  const xl = x - xh;
  return Math.exp(-s * xh * xh) * Math.exp(-s * xl * (x + xh));
}

/** erfc(z) on the whole line, relative error ≈ 2e-16. */
export function erfc(z: number): number {
  const a = Math.abs(z);
  const r = a > 27 ? 0 : expNegSquare(a, 1) * erfcx(a);
  return z < 0 ? 2 - r : r;
}

/** Φ(-t) = erfc(t/√2)/2, the lower tail of the standard normal CDF, for t ≥ 0. */
export function normalTail(t: number): number {
  return t > 40 ? 0 : 0.5 * expNegSquare(t, 0.5) * erfcx(t * Math.SQRT1_2);
}
