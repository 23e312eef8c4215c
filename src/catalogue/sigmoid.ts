// Sigmoid and tanh.

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { bell } = math; // a local copy: see math.ts

export const sigmoid: ElementwiseSpec = {
  name: 'sigmoid',
  aliases: ['logistic'],
  family: 'Sigmoid and tanh',
  formula: '1 / (1 + e^-x)',
  params: [],
  accuracy: 'smooth',
  // 1/(1 + e^-x): for x < 0 as accurate as e^x/(1 + e^x) (2 ulp), without the choice
  // between the two forms (10 % of the loop). Below -709.78, where σ < 2^-1022, e^-x
  // overflows and σ is 0: float32 rounds σ to 0 there anyway; float64 data gets 0 for a
  // subnormal, an absolute error below 2^-1022. Products with σ (silu, glu) use
  // math.logisticFromExp, exact there.
  forward: (x) => 1 / (1 + Math.exp(-x)),
  derivative: (x) => bell(Math.exp(-Math.abs(x))),
  fromOutput: (y) => y * (1 - y),
};

export const tanh: ElementwiseSpec = {
  name: 'tanh',
  family: 'Sigmoid and tanh',
  formula: 'tanh x',
  params: [],
  accuracy: 'smooth',
  forward: Math.tanh,
  derivative: (x) => 4 * bell(Math.exp(-2 * Math.abs(x))),
  fromOutput: (y) => (1 - y) * (1 + y),
};
