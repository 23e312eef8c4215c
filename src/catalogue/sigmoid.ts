// Sigmoid and tanh.

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { bell, select } = math; // local copies: see math.ts

export const sigmoid: ElementwiseSpec = {
  name: 'sigmoid',
  aliases: ['logistic'],
  family: 'Sigmoid and tanh',
  formula: '1 / (1 + e^-x)',
  params: [],
  accuracy: 'smooth',
  // 1/(1 + e^-x): for x < 0 as accurate as e^x/(1 + e^x) (2 ulp), without its branch;
  // that form below -708, where e^-x overflows and σ is a float64 subnormal.
  forward: (x) => {
    if (x < -708) {
      const e = Math.exp(x);
      return e / (1 + e);
    }
    return 1 / (1 + Math.exp(-x));
  },
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
