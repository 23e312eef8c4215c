// Float64 oracles for the activations that are not element-wise, written from their
// definitions and independently of src/ (other formulas where there is a choice: softmax
// through log-sum-exp with compensated sums, σ' through cosh). Results are float64; the
// tests compare float32 outputs against them.

/** Neumaier-compensated sum (the plain sum where it is not finite: ±∞, or NaN for ∞ - ∞). */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return Number.isFinite(s) ? s + c : s;
}

/** log Σ e^z and the shifted z - max, for one row (NaN in → NaN; an Inf max gives NaN per IEEE). */
function shifted(z: readonly number[]): { d: number[]; logSum: number } {
  let m = -Infinity;
  for (const v of z) m = v > m || Number.isNaN(v) ? v : m;
  const d = z.map((v) => v - m);
  return { d, logSum: Math.log(sum(d.map(Math.exp))) };
}

/** softmax of a row (sign -1: softmin), as exp(d - log Σ e^d). */
export function softmaxRow(x: ArrayLike<number>, sign = 1): number[] {
  const { d, logSum } = shifted(Array.from(x, (v) => sign * v));
  return d.map((v) => Math.exp(v - logSum));
}

export function logSoftmaxRow(x: ArrayLike<number>): number[] {
  const { d, logSum } = shifted(Array.from(x));
  return d.map((v) => v - logSum);
}

/** softmax-family gradient of a row given its softmax p: sign·p(dy - Σ dy·p) or dy - p·Σ dy. */
export function softmaxGradRow(dy: ArrayLike<number>, p: readonly number[], log: boolean, sign = 1): number[] {
  const g = Array.from(dy);
  if (log) {
    const t = sum(g);
    return g.map((v, i) => v - p[i]! * t);
  }
  const t = sum(g.map((v, i) => v * p[i]!));
  return g.map((v, i) => sign * p[i]! * (v - t));
}

export type SoftmaxName = 'softmax' | 'logSoftmax' | 'softmin';

/** Oracle of each function of the softmax family, over rows of `len`. */
export const SOFTMAX_ORACLES: Record<SoftmaxName, {
  forward(x: ArrayLike<number>): number[];
  /** Backward from x. */
  backward(dy: ArrayLike<number>, x: ArrayLike<number>): number[];
  /** Backward from the float32 output y. */
  fromOutput(dy: ArrayLike<number>, y: ArrayLike<number>): number[];
}> = {
  softmax: {
    forward: (x) => softmaxRow(x),
    backward: (dy, x) => softmaxGradRow(dy, softmaxRow(x), false),
    fromOutput: (dy, y) => softmaxGradRow(dy, Array.from(y), false),
  },
  softmin: {
    forward: (x) => softmaxRow(x, -1),
    backward: (dy, x) => softmaxGradRow(dy, softmaxRow(x, -1), false, -1),
    fromOutput: (dy, y) => softmaxGradRow(dy, Array.from(y), false, -1),
  },
  logSoftmax: {
    forward: (x) => logSoftmaxRow(x),
    backward: (dy, x) => softmaxGradRow(dy, softmaxRow(x), true),
    fromOutput: (dy, y) => softmaxGradRow(dy, Array.from(y, Math.exp), true),
  },
};

/** Applies a row oracle to each of `rows` rows (each input's row width is its length / rows). */
export function byRows(rows: number, inputs: readonly ArrayLike<number>[], f: (...rows: number[][]) => number[]): Float64Array {
  const parts: number[][] = [];
  for (let r = 0; r < rows; r++) {
    parts.push(f(...inputs.map((a) => {
      const w = a.length / rows;
      return Array.from({ length: w }, (_, i) => a[r * w + i]!);
    })));
  }
  return Float64Array.from(parts.flat());
}

// ---- glu -----------------------------------------------------------------------------------

export const sigma = (b: number): number => 1 / (1 + Math.exp(-b));
/** σ'(b) = 1 / (4 cosh²(b/2)): no overflow, no cancellation. */
export const sigmaPrime = (b: number): number => {
  const c = Math.cosh(b / 2);
  return 1 / (4 * c * c);
};

const isInf = (v: number): boolean => v === Infinity || v === -Infinity;

/** a·σ(b): the mathematical value, so an infinite a gives ±∞ for every b > -∞ (σ(b) > 0). */
export function gluValue(a: number, b: number): number {
  return isInf(a) && b > -Infinity ? a : a * sigma(b);
}

/** [da, db] = [dy·σ(b), dy·a·σ'(b)], with the same limits (σ'(b) > 0 for finite b). */
export function gluGrad(g: number, a: number, b: number): [number, number] {
  const db = (isInf(g) || isInf(a)) && Number.isFinite(b) ? g * a : g * a * sigmaPrime(b);
  return [gluValue(g, b), db];
}

// ---- prelu / rrelu --------------------------------------------------------------------------

export const leaky = (x: number, w: number): number => (x > 0 ? x : w * x);
export const leakyGrad = (x: number, w: number): number => (Number.isNaN(x) ? NaN : x > 0 ? 1 : w);

/** Channel of element i: channelsFirst (N, C, inner) or channelsLast (…, C). */
export function channelOf(i: number, C: number, layout: 'channelsFirst' | 'channelsLast', inner = 1): number {
  return layout === 'channelsLast' ? i % C : Math.floor(i / inner) % C;
}
