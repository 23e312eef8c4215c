// Clamped ("hard") activations: relu6, hardtanh, hardsigmoid, hardswish.
// Kernels in assembly/hard.ts; relu6 runs on hardtanh's kernels with (0, 6).

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { keepNaN } = math; // a local copy: see math.ts

/** clamp(x, lo, hi); NaN stays NaN (both compares fail). */
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** 1 on the open interval (lo, hi), 0 elsewhere (0 at the edges), NaN for NaN. */
const inside = (x: number, lo: number, hi: number): number => keepNaN(x, +(lo < x) * +(x < hi));

export const relu6: ElementwiseSpec = {
  name: 'relu6',
  family: 'Rectifiers',
  formula: 'min(max(0, x), 6)',
  params: [],
  kernel: () => 'hardtanh',
  kernelArgs: () => [0, 6],
  accuracy: 'exact',
  kink: "f'(0) = f'(6) = 0 (PyTorch and JAX)",
  forward: clamp,
  derivative: inside,
  fromOutput: inside,
};

export const hardtanh: ElementwiseSpec = {
  name: 'hardtanh',
  family: 'Hard (clamped) activations',
  formula: 'clamp(x, minVal, maxVal)',
  params: [
    { name: 'minVal', default: -1, doc: 'lower clamp bound (≤ maxVal)' },
    { name: 'maxVal', default: 1, doc: 'upper clamp bound (≥ minVal)' },
  ],
  checkParams: ([lo, hi]) =>
    (lo as number) > (hi as number) ? `minVal must be ≤ maxVal; got minVal ${lo}, maxVal ${hi}` : undefined,
  accuracy: 'exact',
  kink: "f' = 0 at minVal and maxVal (PyTorch)",
  forward: clamp,
  derivative: inside,
  fromOutput: inside,
};

/**
 * alpha, beta that denote PyTorch's hardsigmoid x/6 + 1/2 (the defaults): 1/6 is not a
 * float32, so these get their own exact form (x + 3)/6 rather than float32(1/6)·x + 1/2.
 */
const isTorchHardsigmoid = (alpha: number, beta: number): boolean =>
  Math.fround(alpha) === Math.fround(1 / 6) && Math.fround(beta) === 0.5;

const FLT_MAX = 3.4028234663852886e38;
const finiteFloat32 = (v: number): string | undefined =>
  Math.abs(v) > FLT_MAX ? 'must be finite (as a float32)' : undefined;

export const hardsigmoid: ElementwiseSpec = {
  name: 'hardsigmoid',
  family: 'Hard (clamped) activations',
  formula: 'clamp(x/6 + 1/2, 0, 1) = relu6(x + 3)/6; with alpha, beta: clamp(alpha·x + beta, 0, 1) (ONNX HardSigmoid)',
  params: [
    {
      name: 'alpha',
      default: 1 / 6,
      check: (v) => finiteFloat32(v) ?? (Math.fround(v) === 0 ? 'must be nonzero (as a float32)' : undefined),
      doc: 'slope (ONNX; PyTorch has none: 1/6). ONNX HardSigmoid defaults to 0.2',
    },
    { name: 'beta', default: 0.5, check: finiteFloat32, doc: 'offset (ONNX; PyTorch has none: 1/2)' },
  ],
  kernel: ([a, b]) => (isTorchHardsigmoid(a as number, b as number) ? 'hardsigmoid' : 'hardsigmoidAffine'),
  // The torch form passes a = b = 0 (alpha is never 0): its kernels ignore them, and the
  // functions below tell the form from a instead of testing alpha and beta per element.
  kernelArgs: ([a, b]) => (isTorchHardsigmoid(a as number, b as number) ? [0, 0] : [a as number, b as number]),
  accuracy: 'hard',
  kink: "f' = 0 at the edges x = -3 and 3 (PyTorch), and where alpha·x + beta is 0 or 1; from y: the slope where 0 < y < 1, so 0 also where y rounds to 0 or 1",
  // The torch form branches on x, not on (x + 3)/6: a branch that waits for a division
  // costs twice as much when mispredicted.
  forward: (x, a, b) => {
    if (a !== 0) return clamp(a * x + b, 0, 1);
    return x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6;
  },
  derivative: (x, a, b) => {
    if (a === 0) return inside(x, -3, 3) / 6;
    const w = a * x + b; // exact product for float32 data, one rounding
    return keepNaN(x, 0 < w && w < 1 ? a : 0);
  },
  // The slope wherever the output is strictly inside (0, 1); 0 where it is clamped.
  fromOutput: (y, a) => inside(y, 0, 1) * (a === 0 ? 1 / 6 : a),
};

export const hardswish: ElementwiseSpec = {
  name: 'hardswish',
  family: 'Hard (clamped) activations',
  formula: 'x·relu6(x + 3)/6: 0 for x ≤ -3, x for x ≥ 3',
  params: [],
  accuracy: 'hard',
  kink: "f'(-3) = -0.5 (PyTorch); f'(3) = 1 (PyTorch's vectorised kernel; its scalar path gives 1.5)",
  forward: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
  derivative: (x) => (x < -3 ? 0 : x >= 3 ? 1 : (x + 1.5) / 3),
};
