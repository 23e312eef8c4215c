// Small float64 helpers shared by catalogue rows.
//
// Modules that use them in row functions take local copies (`const { bell } = math`):
// the js backend's loops inline the row functions, and V8 (Node 22+) re-checks an
// imported or exported binding at every use inside such a loop, which costs 15–40 % of
// a sigmoid; a module-local constant that is not exported costs nothing. The same holds
// for rows imported from another family file, and for helpers here that call each other.

/** NaN where x is NaN, else r (derivatives of piecewise functions keep NaN). */
export const keepNaN = (x: number, r: number): number => (x !== x ? x : r);

// Branches. V8 compiles `c ? a : b` on floats to a jump, which data of random sign
// mispredicts half the time (a third of a sigmoid's cost), while a comparison turned into
// a number, +(x > 0), is a flag set without a jump: the row functions use that form where
// the branch depends on the data. Even a branch that is never taken costs 10–15 % of a
// sigmoid when paths merge around a Math.exp call (spills on both paths), while
// Math.min / Math.max do not split the code: clamps keep infinities out of formulas.

/** c ? a : b for c = 0 or 1, without a jump; exact when the value not chosen is finite. */
const choose = (c: number, a: number, b: number): number => c * a + (1 - c) * b;
export const select = choose;

/** σ(x) from e = exp(-|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) below (no overflow, no cancellation). */
export const logisticFromExp = (e: number, x: number): number => choose(+(x < 0), e, 1) / (1 + e);

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

// ---- Φ near the origin, without exp ------------------------------------------------------
//
// For -8 < t ≤ 0, Φ(t) is its Taylor polynomial of degree 13 about the nearest of 129
// centres c, 1/16 apart: a_0 = Φ(c), a_n = φ(c)·(-1)^(n-1)·He_(n-1)(c)/n! (Φ^(n) = φ^(n-1),
// He the probabilists' Hermite polynomials). With |t - c| ≤ 1/32 the first term left out
// is below 2^-58 of Φ; the table (14 kB) is computed at load from normalTail. One lookup
// and 13 multiply-adds replace exp and erfcx: gelu costs a third of the erfcx path, and
// less than a hand-written loop with Math.exp. Same accuracy (≈ 7 ulp of float64 either way).

const CDF_STEP = 16;
const CDF_DEGREE = 13;
const CDF_WIDTH = CDF_DEGREE + 1;
const cdfCentre = (j: number): number => -8 + (j + 0.5) / CDF_STEP;
const INV_SQRT_2PI = 0.3989422804014327;

const CDF_TABLE = ((): Float64Array => {
  const table = new Float64Array(129 * CDF_WIDTH);
  for (let j = 0; j <= 128; j++) {
    const c = cdfCentre(j);
    const phi = INV_SQRT_2PI * Math.exp(-0.5 * c * c);
    table[j * CDF_WIDTH] = c <= 0 ? normalTail(-c) : 1 - normalTail(c);
    let he = 1; // He_(n-1)(c)
    let hePrev = 0; // He_(n-2)(c)
    let factorial = 1;
    for (let n = 1; n <= CDF_DEGREE; n++) {
      factorial *= n;
      table[j * CDF_WIDTH + n] = (phi * (n % 2 ? he : -he)) / factorial;
      [he, hePrev] = [c * he - (n - 1) * hePrev, he];
    }
  }
  return table;
})();

/** Φ(t) for -8 < t ≤ 0. */
export function normalCdfNear(t: number): number {
  const j = Math.floor((t + 8) * CDF_STEP);
  const u = t - cdfCentre(j);
  const b = j * CDF_WIDTH;
  let p = CDF_TABLE[b + CDF_DEGREE]!;
  for (let k = CDF_DEGREE - 1; k >= 0; k--) p = p * u + CDF_TABLE[b + k]!;
  return p;
}

/** Φ(t) + t·φ(t) for -8 < t ≤ 0 (φ = Φ', the derivative of the same polynomial). */
export function normalCdfNearPlusDensity(t: number): number {
  const j = Math.floor((t + 8) * CDF_STEP);
  const u = t - cdfCentre(j);
  const b = j * CDF_WIDTH;
  let p = CDF_TABLE[b + CDF_DEGREE]!;
  let d = 0;
  for (let k = CDF_DEGREE - 1; k >= 0; k--) {
    d = d * u + p;
    p = p * u + CDF_TABLE[b + k]!;
  }
  return p + t * d;
}
