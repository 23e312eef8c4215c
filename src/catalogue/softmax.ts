// The softmax family: softmax, softmin = softmax(-x), logSoftmax, over consecutive rows.
// The float64 row math here is what the js backend runs (rounded once on store).

import type { FloatArray, RowsFn } from '../backends/backend.js';
import { rowLengthOption, type SoftmaxSpec } from './structured.js';

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

/** max of sign·x over the row (NaN if the row holds a NaN). */
function rowMax(x: FloatArray, sign: number): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, sign * x[i]!);
  return m;
}

/** Σ e^(sign·x - m) in float64. */
function sumExp(x: FloatArray, sign: number, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(sign * x[i]! - m);
  return s;
}

/** softmax / softmin (sign -1) / logSoftmax of every row, out may be x. */
function forward(sign: number, log: boolean): RowsFn {
  return ([x], out, rows) => {
    const len = rows ? x!.length / rows : 0;
    for (let r = 0; r < rows; r++) {
      const xr = row(x!, r, len);
      const yr = row(out, r, len);
      const m = rowMax(xr, sign);
      const s = sumExp(xr, sign, m);
      if (log) {
        const l = Math.log(s);
        for (let i = 0; i < len; i++) yr[i] = sign * xr[i]! - m - l;
      } else {
        for (let i = 0; i < len; i++) yr[i] = Math.exp(sign * xr[i]! - m) / s;
      }
    }
  };
}

/**
 * Gradient of every row given the softmax p of the row (a function of i), dy and out:
 * softmax: dx = sign·p ⊙ (dy - Σ dy⊙p); logSoftmax: dx = dy - p·Σ dy. out may be dy.
 */
function gradient(sign: number, log: boolean, dy: FloatArray, out: FloatArray, p: (i: number) => number): void {
  const len = dy.length;
  // Float32 data: y and the sum as the float32 kernels hold them, so that non-finite dy
  // gives the same IEEE results (a y that rounds to 0 times ±Inf is NaN; a sum beyond
  // float32's range is ±Infinity).
  const single = dy instanceof Float32Array;
  const prob = single ? (i: number) => Math.fround(p(i)) : p;
  let t = 0;
  for (let i = 0; i < len; i++) t += log ? dy[i]! : dy[i]! * prob(i);
  if (single && !Number.isFinite(Math.fround(t))) t = Math.fround(t);
  for (let i = 0; i < len; i++) {
    const pi = prob(i);
    out[i] = log ? dy[i]! - pi * t : sign * pi * (dy[i]! - t);
  }
}

/** Backward from the output rows y (softmax's natural form). */
function fromOutput(sign: number, log: boolean): RowsFn {
  return ([dy, y], out, rows) => {
    const len = rows ? dy!.length / rows : 0;
    for (let r = 0; r < rows; r++) {
      const yr = row(y!, r, len);
      gradient(sign, log, row(dy!, r, len), row(out, r, len), log ? (i) => Math.exp(yr[i]!) : (i) => yr[i]!);
    }
  };
}

/** Backward from x: the softmax of each row is recomputed in float64. */
function backward(sign: number, log: boolean): RowsFn {
  return ([dy, x], out, rows) => {
    const len = rows ? dy!.length / rows : 0;
    const p = new Float64Array(len);
    for (let r = 0; r < rows; r++) {
      const xr = row(x!, r, len);
      const m = rowMax(xr, sign);
      const s = sumExp(xr, sign, m);
      for (let i = 0; i < len; i++) p[i] = Math.exp(sign * xr[i]! - m) / s;
      gradient(sign, log, row(dy!, r, len), row(out, r, len), (i) => p[i]!);
    }
  };
}

const rowLength = { ...rowLengthOption('elements per row, required; the array holds length / rowLength consecutive rows (PyTorch: dim = -1 of a contiguous tensor); x.length for one row'), default: 'required', required: true };

const common = {
  family: 'Softmax',
  options: [rowLength],
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
  js: { forward: forward(1, false), backward: backward(1, false), fromOutput: fromOutput(1, false) },
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
  js: { forward: forward(-1, false), backward: backward(-1, false), fromOutput: fromOutput(-1, false) },
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
  js: { forward: forward(1, true), backward: backward(1, true), fromOutput: fromOutput(1, true) },
};
