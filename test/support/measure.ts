// Worst-error measurement shared by the accuracy tests' printout and `npm run accuracy`.

import { ulpError } from './ulp.js';

export interface Worst {
  /** Max ULP where the reference (and, for gradients, f' itself) is a normal float32. */
  ulp: number;
  /** Max absolute error where |reference| ≤ 1. */
  abs: number;
}

const NORMAL = 2 ** -126;

/**
 * `derivative[i]`, when given, is f' at the point: a gradient whose f' is subnormal in
 * float32 cannot be more precise than that subnormal, so ULPs are not counted there.
 */
export function measure(got: Float32Array, ref: Float64Array, derivative?: Float64Array): Worst {
  let ulp = 0;
  let abs = 0;
  for (let i = 0; i < got.length; i++) {
    const r = ref[i]!;
    if (!Number.isFinite(r)) continue;
    const g = got[i]!;
    if (Math.abs(r) <= 1) abs = Math.max(abs, Math.abs(g - r));
    if (Math.abs(r) >= NORMAL && (!derivative || Math.abs(derivative[i]!) >= NORMAL)) ulp = Math.max(ulp, ulpError(g, r));
  }
  return { ulp, abs };
}

export function mergeWorst(a: Worst | undefined, b: Worst): Worst {
  return a ? { ulp: Math.max(a.ulp, b.ulp), abs: Math.max(a.abs, b.abs) } : b;
}

export function formatWorst({ ulp, abs }: Worst): string {
  return `${ulp < 100 ? ulp.toFixed(2) : ulp.toExponential(1)} / ${abs === 0 ? '0' : abs.toExponential(1)}`;
}
