// Tanhshrink and softsign ('Shrink and sign').

import type { ElementwiseSpec } from './types.js';


// x - tanh x = x³/3 - 2x⁵/15 + 17x⁷/315 - 62x⁹/2835 + 1382x¹¹/155925 - 21844x¹³/6081075
// (Taylor); below |x| = 0.1 the next term is under 2^-55 of the sum.
const TS = [1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075];

export const tanhshrink: ElementwiseSpec = {
  name: 'tanhshrink',
  family: 'Shrinkage and thresholds',
  formula: 'x - tanh x',
  params: [],
  accuracy: 'tail',
  forward: (x) => {
    if (Math.abs(x) >= 0.1) return x - Math.tanh(x); // cancels at most 2^-55·x/(x³/3)
    const s = x * x;
    let p = TS[5]!;
    for (let k = 4; k >= 0; k--) p = p * s + TS[k]!;
    return x * s * p;
  },
  derivative: (x) => {
    const t = Math.tanh(x);
    return t * t;
  },
};

export const softsign: ElementwiseSpec = {
  name: 'softsign',
  family: 'Sigmoid and tanh',
  formula: 'x / (1 + abs(x))',
  params: [],
  accuracy: 'smooth',
  // x clamped to ±1e300 (where the quotient is ±1), so that ±Inf give ±1, not NaN.
  forward: (x) => {
    const v = Math.min(Math.max(x, -1e300), 1e300);
    return v / (1 + Math.abs(v));
  },
  derivative: (x) => {
    const d = 1 + Math.abs(x);
    return 1 / (d * d);
  },
  fromOutput: (y) => {
    const d = 1 - Math.abs(y);
    return d * d;
  },
};
