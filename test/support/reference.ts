// Test oracles: each activation computed in float64 straight from its textbook
// definition, independently of the package's own float64 code in src/catalogue.
// Parameters arrive as the kernels see them (rounded to float32 for float32 data).

import type { ParamValues } from '../../src/catalogue/index.js';

export interface Reference {
  forward(x: number, p: ParamValues): number;
  derivative(x: number, p: ParamValues): number;
  /** f' from y = f(x), for rows with a y-form. */
  fromOutput?(y: number, p: ParamValues): number;
  /** Non-default options also swept (each must be valid for every mode it is used in). */
  options?: readonly Record<string, number | string>[];
  /** Points where f is not differentiable (skipped by finite differences). */
  kinks?(p: ParamValues): readonly number[];
}

const num = (p: ParamValues, i: number): number => p[i] as number;
const nanOr = (x: number, r: number): number => (Number.isNaN(x) ? NaN : r);

export const REFERENCES: Record<string, Reference> = {
  relu: {
    forward: (x) => nanOr(x, Math.max(0, x)),
    derivative: (x) => nanOr(x, x > 0 ? 1 : 0),
    fromOutput: (y) => nanOr(y, y > 0 ? 1 : 0),
    kinks: () => [0],
  },
  leakyRelu: {
    forward: (x, p) => (x > 0 ? x : num(p, 0) * x),
    derivative: (x, p) => nanOr(x, x > 0 ? 1 : num(p, 0)),
    fromOutput: (y, p) => nanOr(y, y > 0 ? 1 : num(p, 0)),
    options: [{ negativeSlope: 0.2 }, { negativeSlope: 0 }, { negativeSlope: 3.5 }],
    kinks: () => [0],
  },
  sigmoid: {
    forward: (x) => 1 / (1 + Math.exp(-x)),
    // e^-|x| / (1 + e^-|x|)^2, the symmetric form of σ(1-σ) (no 1-σ rounding to 0)
    derivative: (x) => {
      const e = Math.exp(-Math.abs(x));
      return e / ((1 + e) * (1 + e));
    },
    fromOutput: (y) => y * (1 - y),
  },
  tanh: {
    forward: (x) => Math.tanh(x),
    derivative: (x) => {
      const c = Math.cosh(x);
      return 1 / (c * c);
    },
    fromOutput: (y) => 1 - y * y,
  },
};
