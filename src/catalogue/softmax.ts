// The softmax family: softmax, softmin = softmax(-x), logSoftmax, over consecutive rows.
// The float64 row math here is what the js backend runs (rounded once on store).

import type { FloatArray, RowsFn } from '../backends/backend.js';
import { stridedForward, stridedGradient } from './softmax-dim.js';
import { dimOption, rowLengthOption, shapeOption, type SoftmaxSpec } from './structured.js';

/**
 * A float64 row sum c as the f32 pair hi + lo that the kernels take (hi = f32(c),
 * lo = f32(c - hi)). Where hi is not finite lo is 0, so the pair is ±Infinity (or NaN)
 * like c itself, never Inf - Inf: an infinite dy gives the IEEE result of the formula
 * (PyTorch's), not a row of NaN.
 */
export function f32Pair(c: number): [number, number] {
  const hi = Math.fround(c);
  return [hi, Number.isFinite(hi) ? Math.fround(c - hi) : 0];
}

/** Row r of length len of a (a view). */
export function row(a: FloatArray, r: number, len: number): FloatArray {
  return a.subarray(r * len, (r + 1) * len);
}

// The row loops index whole arrays at a row offset o (no views, no closures): the js
// backend runs them on arrays of a million elements, where a closure call per element
// cost 10× the plain loop.

/** max of sign·x over x[o, o + len) (NaN if the row holds a NaN). */
function rowMax(x: FloatArray, o: number, len: number, sign: number): number {
  let m = -Infinity;
  for (let i = o; i < o + len; i++) m = Math.max(m, sign * x[i]!);
  return m;
}

/** Σ e^(sign·x - m) over x[o, o + len), in float64. */
function sumExp(x: FloatArray, o: number, len: number, sign: number, m: number): number {
  let s = 0;
  for (let i = o; i < o + len; i++) s += Math.exp(sign * x[i]! - m);
  return s;
}

/** softmax / softmin (sign -1) / logSoftmax of every row, out may be x. */
function forward(sign: number, log: boolean): RowsFn {
  return ([x], out, rows) => {
    const len = rows ? x!.length / rows : 0;
    for (let o = 0; o < rows * len; o += len) {
      const m = rowMax(x!, o, len, sign);
      const s = sumExp(x!, o, len, sign, m);
      if (log) {
        const l = Math.log(s);
        for (let i = o; i < o + len; i++) out[i] = sign * x![i]! - m - l;
      } else {
        for (let i = o; i < o + len; i++) out[i] = Math.exp(sign * x![i]! - m) / s;
      }
    }
  };
}

// Float32 data: y and the sum as the float32 kernels hold them, so that non-finite dy
// gives the same IEEE results (a y that rounds to 0 times ±Inf is NaN; a sum beyond
// float32's range is ±Infinity).

/** The row sum t as the float32 kernels hold it where it leaves float32's range. */
const kernelSum = (t: number, single: boolean): number => (single && !Number.isFinite(Math.fround(t)) ? Math.fround(t) : t);

/**
 * The gradient of one row (elements o to o + len) from its softmax p[0, len), a float64
 * scratch row (rounded to float32 here for float32 data): softmax: dx = sign·p ⊙ (dy - Σ dy⊙p);
 * logSoftmax: dx = dy - p·Σ dy. out may be dy.
 */
function gradient(sign: number, log: boolean, dy: FloatArray, p: Float64Array, out: FloatArray, o: number, len: number): void {
  const single = dy instanceof Float32Array;
  if (single) for (let i = 0; i < len; i++) p[i] = Math.fround(p[i]!);
  let t = 0;
  if (log) {
    for (let i = o; i < o + len; i++) t += dy[i]!;
    t = kernelSum(t, single);
    for (let i = o; i < o + len; i++) out[i] = dy[i]! - p[i - o]! * t;
  } else {
    for (let i = o; i < o + len; i++) t += dy[i]! * p[i - o]!;
    t = kernelSum(t, single);
    for (let i = o; i < o + len; i++) out[i] = sign * p[i - o]! * (dy[i]! - t);
  }
}

/** Backward from the output rows y (softmax's natural form; logSoftmax's p is e^y). */
function fromOutput(sign: number, log: boolean): RowsFn {
  return ([dy, y], out, rows) => {
    const len = rows ? dy!.length / rows : 0;
    const single = dy instanceof Float32Array;
    for (let o = 0; o < rows * len; o += len) {
      let t = 0;
      if (log) {
        for (let i = o; i < o + len; i++) t += dy![i]!;
        t = kernelSum(t, single);
        if (single) for (let i = o; i < o + len; i++) out[i] = dy![i]! - Math.fround(Math.exp(y![i]!)) * t;
        else for (let i = o; i < o + len; i++) out[i] = dy![i]! - Math.exp(y![i]!) * t;
      } else {
        // y is the float32 p itself for float32 data.
        for (let i = o; i < o + len; i++) t += dy![i]! * y![i]!;
        t = kernelSum(t, single);
        for (let i = o; i < o + len; i++) out[i] = sign * y![i]! * (dy![i]! - t);
      }
    }
  };
}

/** Backward from x: the softmax of each row is recomputed in float64. */
function backward(sign: number, log: boolean): RowsFn {
  return ([dy, x], out, rows) => {
    const len = rows ? dy!.length / rows : 0;
    const p = new Float64Array(len);
    for (let o = 0; o < rows * len; o += len) {
      const m = rowMax(x!, o, len, sign);
      const s = sumExp(x!, o, len, sign, m);
      for (let i = 0; i < len; i++) p[i] = Math.exp(sign * x![o + i]! - m) / s;
      gradient(sign, log, dy!, p, out, o, len);
    }
  };
}

const rowLength = {
  ...rowLengthOption('elements per row; the array holds length / rowLength consecutive rows (PyTorch: dim = -1 of a contiguous tensor); x.length for one row. Required unless shape and dim are given'),
  default: 'required (or shape and dim)', required: true, group: 'rows',
};
const shape = shapeOption('the row-major shape of x (its product is x.length), with dim: the softmax runs over dimension dim, vectorised across the positions after it (no transpose)');
const dim = dimOption('the dimension of shape the softmax runs over; negative counts from the end (PyTorch\'s dim)');

const common = {
  family: 'Softmax',
  options: [rowLength, shape, dim],
  methods: ['forward', 'backward', 'backwardFromOutput'] as const,
  accuracy: '≤ 8 ULP or absolute error ≤ 2^-23; backward ≤ 4 ULP or absolute ≤ 2^-22·max(1, Σ|dy| of the row)',
  notes: 'A row holding NaN gives NaN in that row only. As in PyTorch, +Inf in a row makes the row NaN (Inf - Inf), '
    + 'an all -Inf row is NaN, and -Inf entries give 0. derivative() throws: the Jacobian is not diagonal; use backward.',
};

export const softmax: SoftmaxSpec = {
  ...common,
  name: 'softmax',
  kind: 'softmax',
  kernel: 'softmax',
  formula: 'e^(x_i - m) / Σ_j e^(x_j - m) over each row, m = max of the row',
  gradient: 'dx = y ⊙ (dy - Σ dy⊙y)',
  js: {
    forward: forward(1, false), backward: backward(1, false), fromOutput: fromOutput(1, false),
    stridedForward: stridedForward(1, false), stridedBackward: stridedGradient(1, false, false), stridedFromOutput: stridedGradient(1, false, true),
  },
};

export const softmin: SoftmaxSpec = {
  ...common,
  name: 'softmin',
  kind: 'softmax',
  kernel: 'softmin',
  formula: 'softmax(-x) over each row',
  gradient: 'dx = -y ⊙ (dy - Σ dy⊙y)',
  notes: 'A row holding NaN gives NaN in that row only. As softmax of -x: -Inf in a row makes the row NaN, '
    + 'an all +Inf row is NaN, and +Inf entries give 0. derivative() throws: use backward.',
  js: {
    forward: forward(-1, false), backward: backward(-1, false), fromOutput: fromOutput(-1, false),
    stridedForward: stridedForward(-1, false), stridedBackward: stridedGradient(-1, false, false), stridedFromOutput: stridedGradient(-1, false, true),
  },
};

export const logSoftmax: SoftmaxSpec = {
  ...common,
  name: 'logSoftmax',
  kind: 'softmax',
  kernel: 'logSoftmax',
  formula: '(x_i - m) - log Σ_j e^(x_j - m) over each row, m = max of the row',
  gradient: 'dx = dy - e^y · Σ dy',
  accuracy: '≤ 4 ULP or absolute error ≤ 2^-21; backward ≤ 4 ULP or absolute ≤ 2^-22·max(1, Σ|dy| of the row)',
  notes: 'A row holding NaN gives NaN in that row only. -Inf entries give -Inf; +Inf in a row makes the row NaN, '
    + 'as does an all -Inf row (PyTorch). derivative() throws: use backward.',
  js: {
    forward: forward(1, true), backward: backward(1, true), fromOutput: fromOutput(1, true),
    stridedForward: stridedForward(1, true), stridedBackward: stridedGradient(1, true, false), stridedFromOutput: stridedGradient(1, true, true),
  },
};
