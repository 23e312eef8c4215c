// Exponential linear units: elu, selu, celu.

import type { ElementwiseSpec } from './types.js';

const FAMILY = 'Exponential linear units';

/** PyTorch's SELU constants (not exported: see math.ts on bindings in row functions). */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const needsNonNegativeAlpha = (p: readonly (number | string)[]): string | undefined =>
  (p[0] as number) < 0
    ? 'backwardFromOutput needs alpha ≥ 0 (for alpha < 0 the sign of y no longer tells the branch); use backward(dy, x)'
    : undefined;

export const elu: ElementwiseSpec = {
  name: 'elu',
  family: FAMILY,
  formula: 'x if x > 0 else alpha·(e^x - 1)',
  params: [{ name: 'alpha', default: 1.0, doc: 'value approached as x → -∞ is -alpha' }],
  accuracy: 'smooth',
  kink: "f'(0) = alpha (the negative branch, as PyTorch)",
  forward: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
  derivative: (x, a) => (x > 0 ? 1 : a * Math.exp(x)),
  fromOutput: (y, a) => (y > 0 ? 1 : y + a),
  fromOutputCheck: needsNonNegativeAlpha,
};

export const selu: ElementwiseSpec = {
  name: 'selu',
  family: FAMILY,
  formula: 'scale·(x if x > 0 else alpha·(e^x - 1)), alpha = 1.6732632423543772, scale = 1.0507009873554805',
  params: [],
  accuracy: 'smooth',
  kink: "f'(0) = scale·alpha (the negative branch, as PyTorch)",
  forward: (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
  derivative: (x) => (x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x)),
  fromOutput: (y) => (y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA),
};

export const celu: ElementwiseSpec = {
  name: 'celu',
  family: FAMILY,
  formula: 'max(0, x) + min(0, alpha·(e^(x/alpha) - 1))',
  params: [{
    name: 'alpha',
    default: 1.0,
    check: (v) =>
      !Number.isFinite(v) ? 'must be finite'
        : Math.abs(v) < 2 ** -126 ? 'must not be 0 or subnormal (celu divides by alpha)' : undefined,
    doc: 'scale of the negative branch (≠ 0)',
  }],
  // alpha = 1 is elu; other values pass 1/alpha too (the kernel forms x/alpha exactly).
  kernelArgs: ([alpha]) => [alpha as number, 1 / (alpha as number)],
  kernel: ([alpha]) => (alpha === 1 ? 'elu' : 'celu'),
  accuracy: 'smooth',
  kink: "continuously differentiable: f'(0) = 1",
  forward: (x, a) => (x > 0 ? x : a * Math.expm1(x / a)),
  derivative: (x, a) => (x > 0 ? 1 : Math.exp(x / a)),
  fromOutput: (y, a) => (y > 0 ? 1 : y / a + 1),
  fromOutputCheck: needsNonNegativeAlpha,
};
