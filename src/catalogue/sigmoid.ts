// Sigmoid and tanh.

import type { ElementwiseSpec } from './types.js';
import { bell } from './math.js';

export const sigmoid: ElementwiseSpec = {
  name: 'sigmoid',
  aliases: ['logistic'],
  family: 'Sigmoid and tanh',
  formula: '1 / (1 + e^-x)',
  params: [],
  accuracy: 'smooth',
  forward: (x) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
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
