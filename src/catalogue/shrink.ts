// Shrinkage and thresholding: softshrink, hardshrink, threshold (assembly/shrink.ts).

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { keepNaN } = math; // a local copy: see math.ts

/** What softshrink and hardshrink share: the parameter lambd and its kink. */
const shrinkRow = {
  family: 'Shrinkage and thresholds',
  params: [
    {
      name: 'lambd',
      default: 0.5,
      check: (v: number) => (v < 0 ? 'must be ≥ 0' : undefined),
      doc: 'half-width of the zero band (≥ 0)',
    },
  ],
  accuracy: 'exact',
  kink: "f'(±lambd) = 0 (PyTorch)",
} as const;

/** 1 where |x| > lambd, 0 elsewhere (0 at ±lambd), NaN for NaN. */
const outside = (x: number, l: number): number => keepNaN(x, +(Math.abs(x) > l));

export const softshrink: ElementwiseSpec = {
  ...shrinkRow,
  name: 'softshrink',
  formula: 'x - lambd if x > lambd, x + lambd if x < -lambd, else 0',
  kernelArgs: ([l]) => [l as number, -(l as number)],
  // The kernel's x - clamp(x, -lambd, lambd) gives Inf - Inf at lambd = Inf; there
  // softshrink is hardshrink (0 everywhere but NaN), so it runs on hardshrink's kernels.
  kernel: ([l]) => (Math.fround(l as number) === Infinity ? 'hardshrink' : 'softshrink'),
  forward: (x, l) => (x > l ? x - l : x < -l ? x + l : keepNaN(x, 0)),
  derivative: outside,
  // y ≠ 0 exactly when |x| > lambd (x - lambd never rounds to 0 for x ≠ lambd)
  fromOutput: (y) => keepNaN(y, +(y !== 0)),
};

export const hardshrink: ElementwiseSpec = {
  ...shrinkRow,
  name: 'hardshrink',
  formula: 'x if abs(x) > lambd, else 0',
  forward: (x, l) => (x >= -l && x <= l ? 0 : x),
  derivative: outside,
  // y = x where |x| > lambd, else 0; with lambd ≥ 0, |y| > lambd ⇔ |x| > lambd
  fromOutput: outside,
};

/** 1 where x > threshold, 0 elsewhere, NaN for NaN. */
const above = (x: number, t: number): number => keepNaN(x, +(x > t));

export const threshold: ElementwiseSpec = {
  name: 'threshold',
  family: shrinkRow.family,
  formula: 'x if x > threshold, else value',
  params: [
    { name: 'threshold', default: 0, required: true, doc: 'inputs at or below it are replaced' },
    { name: 'value', default: 0, required: true, doc: 'the replacement' },
  ],
  accuracy: 'exact',
  kink: "f'(threshold) = 0 (PyTorch); backwardFromOutput needs value ≤ threshold",
  forward: (x, t, v) => (x <= t ? v : x),
  derivative: above,
  fromOutput: above,
  fromOutputCheck: ([t, v]) =>
    (v as number) > (t as number)
      ? `backwardFromOutput needs value ≤ threshold (got threshold ${t}, value ${v}): otherwise y = value also comes from x = value > threshold`
      : undefined,
};
