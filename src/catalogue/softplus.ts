// The softplus family: softplus and logsigmoid.

import { sigmoid as logistic } from './sigmoid.js';
import type { ElementwiseSpec } from './types.js';

const FAMILY = 'Softplus family';

/** σ(z) without overflow (through a local copy: see math.ts). */
const logisticForward = logistic.forward;
const sigmoid = (z: number): number => logisticForward(z, 0, 0);

export const softplus: ElementwiseSpec = {
  name: 'softplus',
  family: FAMILY,
  formula: 'x if beta·x > threshold else log(1 + e^(beta·x)) / beta',
  params: [
    {
      name: 'beta',
      default: 1.0,
      check: (v) => (v === 0 ? 'must not be 0' : !Number.isFinite(v) ? 'must be finite' : undefined),
      doc: 'sharpness (≠ 0)',
    },
    { name: 'threshold', default: 20.0, doc: 'above beta·x > threshold the result is x' },
  ],
  // β = 1 (the default) has kernels of its own that skip forming β·x exactly.
  kernel: ([beta]) => (beta === 1 ? 'softplus' : 'softplusBeta'),
  accuracy: 'smooth',
  kink: "jumps to f' = 1 where beta·x crosses threshold (PyTorch's linear branch)",
  // Stable form: [βx > 0 ? x : 0] + log1p(e^(-|βx|))/β, valid for either sign of β.
  forward: (x, b, t) => {
    const z = b * x;
    if (z > t) return x;
    return (z > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(z))) / b;
  },
  derivative: (x, b, t) => {
    const z = b * x;
    return z > t ? 1 : sigmoid(z);
  },
  // 1 - e^(-βy) = σ(βx), and 1 on the linear branch. Outputs within log1p(e^-threshold)/β
  // above threshold/β come from two inputs whose slopes differ by up to e^-threshold, so
  // the y-form is offered only where that is below float32 resolution.
  fromOutput: (y, b, t) => {
    const z = b * y;
    return z > t ? 1 : -Math.expm1(-z);
  },
  fromOutputCheck: ([, t]) =>
    (t as number) < Y_FORM_MIN_THRESHOLD
      ? `backwardFromOutput needs threshold ≥ 24·ln 2 ≈ 16.64: below it, outputs just above threshold/beta come from two inputs whose slopes differ by up to e^-threshold; use backward(dy, x)`
      : undefined,
};

/** e^-threshold ≤ 2^-24 from here on: the y-form's ambiguity is below float32 resolution. */
const Y_FORM_MIN_THRESHOLD = 24 * Math.LN2;

export const logsigmoid: ElementwiseSpec = {
  name: 'logsigmoid',
  family: FAMILY,
  formula: 'log σ(x) = min(x, 0) - log(1 + e^-abs(x))',
  params: [],
  accuracy: 'smooth',
  forward: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  derivative: (x) => sigmoid(-x),
  fromOutput: (y) => -Math.expm1(y),
};
