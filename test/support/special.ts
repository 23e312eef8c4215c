// Independent float64 special functions for the test oracles: written from their
// series and continued-fraction definitions, deliberately sharing no code (and no
// algorithm) with src/catalogue/math.ts or Math.expm1/Math.log1p.

const SQRT_PI = Math.sqrt(Math.PI);

/** e^x - 1: Taylor series Σ x^k/k! for |x| < 0.5 (no cancellation), exp(x) - 1 beyond. */
export function expm1(x: number): number {
  if (!(Math.abs(x) < 0.5)) return Math.exp(x) - 1;
  let term = x;
  let sum = x;
  for (let k = 2; k < 30; k++) {
    term *= x / k;
    sum += term;
  }
  return sum;
}

/** log(1 + u): Mercator series for |u| < 0.5, log(1 + u) beyond (u > -1). */
export function log1p(u: number): number {
  if (!(Math.abs(u) < 0.5)) return Math.log(1 + u);
  let power = u;
  let sum = u;
  for (let k = 2; k < 80; k++) {
    power *= -u;
    sum += power / k;
  }
  return sum;
}

/**
 * erfc(z): for |z| < 3 from the everywhere-positive series
 * erf(z) = (2/√π)·e^(-z²)·Σ 2^n z^(2n+1) / (1·3·…·(2n+1)); for z ≥ 3 from Laplace's
 * continued fraction erfc(z) = e^(-z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + …)))).
 */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) return 2 - erfc(-z);
  if (z < 3) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 200 && term > 1e-20 * sum; n++) {
      term *= (2 * z * z) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-z * z) * sum;
  }
  if (z > 27) return 0;
  let f = z;
  for (let k = 160; k >= 1; k--) f = z + k / 2 / f;
  return Math.exp(-z * z) / SQRT_PI / f;
}

/** Φ(x), the standard normal CDF: erfc(-x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** x - tanh x without cancellation: x·K/(1 + K), K = x²/(3 + x²/(5 + x²/(7 + …))) (Lambert). */
export function tanhShrinkCf(x: number): number {
  const s = x * x;
  let k = 0;
  for (let n = 60; n >= 1; n--) k = s / (2 * n + 1 + k);
  return (x * k) / (1 + k);
}
