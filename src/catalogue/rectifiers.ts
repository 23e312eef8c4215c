// Piecewise-linear rectifiers.

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { keepNaN } = math; // a local copy: see math.ts

export const relu: ElementwiseSpec = {
  name: 'relu',
  family: 'Rectifiers',
  formula: 'max(0, x)',
  params: [],
  accuracy: 'exact',
  kink: "f'(0) = 0",
  forward: (x) => (x < 0 ? 0 : x),
  derivative: (x) => keepNaN(x, +(x > 0)),
  fromOutput: (y) => keepNaN(y, +(y > 0)),
};

export const leakyRelu: ElementwiseSpec = {
  name: 'leakyRelu',
  family: 'Rectifiers',
  formula: 'x if x > 0 else negativeSlope·x',
  params: [{ name: 'negativeSlope', default: 0.01, doc: 'slope for x ≤ 0' }],
  accuracy: 'exact',
  kink: "f'(0) = negativeSlope (PyTorch; JAX uses 1)",
  forward: (x, a) => (x > 0 ? x : a * x),
  derivative: (x, a) => keepNaN(x, x > 0 ? 1 : a),
  fromOutput: (y, a) => keepNaN(y, y > 0 ? 1 : a),
  fromOutputCheck: ([s]) =>
    (s as number) < 0 ? 'backwardFromOutput needs negativeSlope ≥ 0 (the sign of y must tell the branch)' : undefined,
};
