// The softmax family over a dimension that is not the last, in float64 (what the js
// backend runs): a row-major tensor seen as [slabs, size, inner], reduced over size for
// every (slab, inner position). The loops walk each slab row by row (contiguous), with the
// per-position max, sums and logs in float64 scratch rows of `inner` elements, so nothing
// is transposed. Float32 (and float16) data: y and the sum as the float32 kernels hold
// them, as the row functions do (softmax.ts).

import type { FloatArray, StridedFn } from '../backends/backend.js';

/** The row sum as the float32 kernels hold it where it leaves float32's range. */
const kernelSum = (t: number, single: boolean): number => (single && !Number.isFinite(Math.fround(t)) ? Math.fround(t) : t);

/** Per slab: m = max over the dimension of sign·x, s = Σ e^(sign·x - m), per inner position. */
function maxAndSum(x: FloatArray, base: number, size: number, inner: number, sign: number, m: Float64Array, s: Float64Array): void {
  m.fill(-Infinity);
  s.fill(0);
  for (let j = 0, o = base; j < size; j++, o += inner) {
    for (let l = 0; l < inner; l++) m[l] = Math.max(m[l]!, sign * x[o + l]!);
  }
  for (let j = 0, o = base; j < size; j++, o += inner) {
    for (let l = 0; l < inner; l++) s[l] = s[l]! + Math.exp(sign * x[o + l]! - m[l]!);
  }
}

/** softmax / softmin (sign -1) / logSoftmax over the middle dimension; out may be x. */
export function stridedForward(sign: number, log: boolean): StridedFn {
  return ([x], out, slabs, size, inner) => {
    const m = new Float64Array(inner);
    const s = new Float64Array(inner);
    for (let k = 0; k < slabs; k++) {
      const base = k * size * inner;
      maxAndSum(x!, base, size, inner, sign, m, s);
      if (log) {
        for (let l = 0; l < inner; l++) s[l] = Math.log(s[l]!);
        for (let j = 0, o = base; j < size; j++, o += inner) {
          for (let l = 0; l < inner; l++) out[o + l] = sign * x![o + l]! - m[l]! - s[l]!;
        }
      } else {
        for (let j = 0, o = base; j < size; j++, o += inner) {
          for (let l = 0; l < inner; l++) out[o + l] = Math.exp(sign * x![o + l]! - m[l]!) / s[l]!;
        }
      }
    }
  };
}

/**
 * The gradient over the middle dimension, from dy and either y (fromOutput) or x (y
 * recomputed): softmax dx = sign·y ⊙ (dy - Σ dy⊙y), logSoftmax dx = dy - e^y·Σ dy. out may be dy.
 */
export function stridedGradient(sign: number, log: boolean, fromOutput: boolean): StridedFn {
  return ([dy, z], out, slabs, size, inner) => {
    const single = !(dy instanceof Float64Array);
    const m = new Float64Array(inner);
    const s = new Float64Array(inner);
    const t = new Float64Array(inner);
    // p (softmax) of element o + l: from y, or recomputed from x with this slab's m and s.
    const p = (o: number, l: number): number => {
      let v: number;
      if (fromOutput) v = log ? Math.exp(z![o + l]!) : z![o + l]!;
      else v = Math.exp(sign * z![o + l]! - m[l]!) / s[l]!;
      return single ? Math.fround(v) : v;
    };
    for (let k = 0; k < slabs; k++) {
      const base = k * size * inner;
      if (!fromOutput) maxAndSum(z!, base, size, inner, sign, m, s);
      t.fill(0);
      for (let j = 0, o = base; j < size; j++, o += inner) {
        for (let l = 0; l < inner; l++) t[l] = t[l]! + (log ? dy![o + l]! : dy![o + l]! * p(o, l));
      }
      for (let l = 0; l < inner; l++) t[l] = kernelSum(t[l]!, single);
      for (let j = 0, o = base; j < size; j++, o += inner) {
        for (let l = 0; l < inner; l++) {
          const g = dy![o + l]!;
          out[o + l] = log ? g - p(o, l) * t[l]! : sign * p(o, l) * (g - t[l]!);
        }
      }
    }
  };
}
