// Test oracles: each activation computed in float64 straight from its textbook
// definition, independently of the package's own float64 code in src/catalogue.
// Parameters arrive as the kernels see them (rounded to float32 for float32 data).

import type { ParamValues } from '../../src/catalogue/index.js';
import { expm1 as expm1Ref, log1p as log1pRef, normalCdf, tanhShrinkCf } from './special.js';

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
  relu6: {
    forward: (x) => nanOr(x, Math.min(Math.max(x, 0), 6)),
    derivative: (x) => nanOr(x, x > 0 && x < 6 ? 1 : 0),
    fromOutput: (y) => nanOr(y, y > 0 && y < 6 ? 1 : 0),
    kinks: () => [0, 6],
  },
  hardtanh: {
    forward: (x, p) => nanOr(x, Math.min(Math.max(x, num(p, 0)), num(p, 1))),
    derivative: (x, p) => nanOr(x, x > num(p, 0) && x < num(p, 1) ? 1 : 0),
    fromOutput: (y, p) => nanOr(y, y > num(p, 0) && y < num(p, 1) ? 1 : 0),
    options: [{ minVal: -2, maxVal: 0.5 }, { minVal: 0.1, maxVal: 0.1 }],
    kinks: (p) => [num(p, 0), num(p, 1)],
  },
  // PyTorch's x/6 + 1/2 for the default parameters (alpha = float32(1/6), beta = 1/2),
  // ONNX's clamp(alpha·x + beta, 0, 1) with the float32 alpha, beta otherwise.
  hardsigmoid: {
    forward: (x, p) => {
      if (isTorchHardsigmoid(p)) return x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 1 / 2;
      return nanOr(x, Math.min(1, Math.max(0, num(p, 0) * x + num(p, 1))));
    },
    derivative: (x, p) => {
      if (isTorchHardsigmoid(p)) return nanOr(x, x > -3 && x < 3 ? 1 / 6 : 0);
      const w = num(p, 0) * x + num(p, 1);
      return nanOr(x, w > 0 && w < 1 ? num(p, 0) : 0);
    },
    fromOutput: (y, p) => nanOr(y, y > 0 && y < 1 ? (isTorchHardsigmoid(p) ? 1 / 6 : num(p, 0)) : 0),
    options: [{ alpha: 0.2, beta: 0.5 }, { alpha: -0.75, beta: 0.3 }, { alpha: 1e-3, beta: 0 }],
    kinks: (p) => (isTorchHardsigmoid(p) ? [-3, 3] : [-num(p, 1) / num(p, 0), (1 - num(p, 1)) / num(p, 0)]),
  },
  hardswish: {
    forward: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
    // f'(3) = 1: PyTorch's vectorised kernel (the one float32 tensors run on)
    derivative: (x) => (x < -3 ? 0 : x >= 3 ? 1 : x / 3 + 1 / 2),
    kinks: () => [-3, 3],
  },
  softshrink: {
    forward: (x, p) => nanOr(x, Math.abs(x) > num(p, 0) ? x - Math.sign(x) * num(p, 0) : 0),
    derivative: (x, p) => nanOr(x, Math.abs(x) > num(p, 0) ? 1 : 0),
    fromOutput: (y) => nanOr(y, y !== 0 ? 1 : 0),
    options: [{ lambd: 0 }, { lambd: 1.5 }, { lambd: 1e-40 }],
    kinks: (p) => [-num(p, 0), num(p, 0)],
  },
  hardshrink: {
    forward: (x, p) => nanOr(x, Math.abs(x) > num(p, 0) ? x : 0),
    derivative: (x, p) => nanOr(x, Math.abs(x) > num(p, 0) ? 1 : 0),
    fromOutput: (y) => nanOr(y, y !== 0 ? 1 : 0),
    options: [{ lambd: 0 }, { lambd: 1.5 }],
    kinks: (p) => [-num(p, 0), num(p, 0)],
  },
  threshold: {
    forward: (x, p) => nanOr(x, x > num(p, 0) ? x : num(p, 1)),
    derivative: (x, p) => nanOr(x, x > num(p, 0) ? 1 : 0),
    fromOutput: (y, p) => nanOr(y, y > num(p, 0) ? 1 : 0),
    // required parameters: no default sweep
    options: [{ threshold: 0.1, value: 0 }, { threshold: -1, value: 2 }, { threshold: 20, value: -3.5 }],
    kinks: (p) => [num(p, 0)],
  },
  // ---- smooth transcendental activations (oracles from the textbook definitions, with
  // the independent series/continued fractions of ./special.ts) ----
  elu: {
    forward: (x, p) => (x > 0 ? x : num(p, 0) * expm1Ref(x)),
    derivative: (x, p) => nanOr(x, x > 0 ? 1 : num(p, 0) * Math.exp(x)),
    fromOutput: (y, p) => nanOr(y, y > 0 ? 1 : y + num(p, 0)),
    options: [{ alpha: 0.5 }, { alpha: 2 }, { alpha: -0.5 }],
    kinks: () => [0],
  },
  selu: {
    forward: (x) => SELU_L * (x > 0 ? x : SELU_A * expm1Ref(x)),
    derivative: (x) => nanOr(x, x > 0 ? SELU_L : SELU_L * SELU_A * Math.exp(x)),
    fromOutput: (y) => nanOr(y, y > 0 ? SELU_L : y + SELU_L * SELU_A),
    kinks: () => [0],
  },
  celu: {
    forward: (x, p) => Math.max(0, x) + Math.min(0, num(p, 0) * expm1Ref(x / num(p, 0))),
    derivative: (x, p) => nanOr(x, x > 0 ? 1 : Math.exp(x / num(p, 0))),
    fromOutput: (y, p) => nanOr(y, y > 0 ? 1 : y / num(p, 0) + 1),
    // alpha < 0 is checked in test/smooth.test.ts (its backward overflows f32 where dy·f' need not).
    options: [{ alpha: 0.7 }, { alpha: 2.5 }],
  },
  softplus: {
    // (1/β)·log(1 + e^(βx)), written as βx + log(1 + e^(-βx)) where βx > 0 so e^(βx) cannot overflow.
    forward: (x, p) => {
      const [b, t] = [num(p, 0), num(p, 1)];
      const z = b * x;
      if (z > t) return x;
      return z > 0 ? (z + log1pRef(Math.exp(-z))) / b : log1pRef(Math.exp(z)) / b;
    },
    derivative: (x, p) => {
      const z = num(p, 0) * x;
      return nanOr(x, z > num(p, 1) ? 1 : 1 / (1 + Math.exp(-z)));
    },
    fromOutput: (y, p) => {
      const z = num(p, 0) * y;
      return nanOr(y, z > num(p, 1) ? 1 : -expm1Ref(-z));
    },
    // small thresholds check the linear branch (their y-form is refused: see the row)
    options: [{ beta: 2, threshold: 5 }, { beta: 0.7 }, { beta: -1.5, threshold: 3 }, { threshold: 1 }, { beta: 3, threshold: 17 }],
    kinks: (p) => [num(p, 1) / num(p, 0)],
  },
  logsigmoid: {
    forward: (x) => (x > 0 ? -log1pRef(Math.exp(-x)) : x - log1pRef(Math.exp(x))),
    derivative: (x) => nanOr(x, 1 / (1 + Math.exp(x))),
    fromOutput: (y) => nanOr(y, -expm1Ref(y)),
  },
  silu: {
    forward: (x) => (x === -Infinity ? 0 : x / (1 + Math.exp(-x))),
    derivative: (x) => {
      if (x === -Infinity) return 0;
      if (x === Infinity) return 1;
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 + x / (1 + Math.exp(x)));
    },
  },
  mish: {
    forward: (x) => (x === -Infinity ? 0 : x * Math.tanh(softplusRef(x))),
    derivative: (x) => {
      if (x === -Infinity) return 0;
      if (x === Infinity) return 1;
      const sp = softplusRef(x);
      const c = Math.cosh(sp);
      return Math.tanh(sp) + (x / (1 + Math.exp(-x))) / (c * c);
    },
  },
  gelu: {
    forward: (x, p) => {
      if (x === -Infinity) return 0;
      if (p[0] !== 'tanh') return x * normalCdf(x);
      const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
      // ½x(1 + tanh u) = x/(1 + e^(-2u)); for u < 0 the sum 1 + tanh u would cancel.
      return u >= 0 ? 0.5 * x * (1 + Math.tanh(u)) : x / (1 + Math.exp(-2 * u));
    },
    derivative: (x, p) => {
      if (x === -Infinity) return 0;
      if (x === Infinity) return 1;
      if (p[0] !== 'tanh') return normalCdf(x) + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI);
      const k = Math.sqrt(2 / Math.PI);
      const u = k * (x + 0.044715 * x * x * x);
      const c = Math.cosh(u);
      const half1pT = u >= 0 ? 0.5 * (1 + Math.tanh(u)) : 1 / (1 + Math.exp(-2 * u));
      return half1pT + (0.5 * x * k * (1 + 3 * 0.044715 * x * x)) / (c * c);
    },
    options: [{ approximate: 'tanh' }],
  },
  tanhshrink: {
    forward: (x) => (Math.abs(x) < 1 ? tanhShrinkCf(x) : x - Math.tanh(x)),
    derivative: (x) => Math.tanh(x) ** 2,
  },
  softsign: {
    forward: (x) => (Number.isFinite(x) ? x / (1 + Math.abs(x)) : Math.sign(x)),
    derivative: (x) => 1 / (1 + Math.abs(x)) ** 2,
    fromOutput: (y) => (1 - Math.abs(y)) ** 2,
  },
};

/** hardsigmoid's default parameters (as float32) denote PyTorch's x/6 + 1/2. */
const isTorchHardsigmoid = (p: ParamValues): boolean => p[0] === Math.fround(1 / 6) && p[1] === 0.5;

// PyTorch's SELU constants.
const SELU_A = 1.6732632423543772;
const SELU_L = 1.0507009873554805;

/** log(1 + e^x) from the definition, without overflow. */
function softplusRef(x: number): number {
  return x > 0 ? x + log1pRef(Math.exp(-x)) : log1pRef(Math.exp(x));
}
