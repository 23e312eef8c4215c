// Worst-error measurement shared by the accuracy tests' printout and `npm run accuracy`.
// It mirrors the contract (README, Accuracy): each point is governed either by a ULP
// bound or by an absolute bound, and the worst error is reported for each kind.

import type { Accuracy } from '../../src/catalogue/index.js';
import { ulpError } from './ulp.js';

export interface Worst {
  /** Max ULP error over the points where the contract's bound is in ULPs. */
  ulp: number;
  /**
   * Max absolute error over the points where the contract's bound is absolute; for
   * gradients divided by max(1, |dy|), the scale of their bound 2^-24·max(1, |dy|).
   */
  abs: number;
}

const NORMAL = 2 ** -126;
const ULP_FLOOR: Record<Accuracy, number> = { exact: 0, hard: NORMAL, smooth: NORMAL, tail: 2 ** -20 };

/**
 * Forward values: ULPs where |ref| is above the class's floor, absolute error below.
 * Gradients (pass dy; dy = 1 for derivatives): the contract is "≤ 4 ULP or absolute
 * ≤ 2^-24·max(1, |dy|)", so points within the absolute bound count as absolute and the
 * rest in ULPs. `slope` (f' at each point) excludes points whose f' is subnormal, which
 * no float32 gradient can resolve.
 */
export function measure(
  accuracy: Accuracy, got: Float32Array, ref: Float64Array,
  gradient?: { dy?: Float32Array; slope?: Float64Array },
): Worst {
  let ulp = 0;
  let abs = 0;
  for (let i = 0; i < got.length; i++) {
    const r = ref[i]!;
    if (!Number.isFinite(r)) continue;
    const e = Math.abs(got[i]! - r);
    let inUlp: boolean;
    let scale = 1;
    if (gradient && accuracy !== 'exact') {
      scale = Math.max(1, gradient.dy ? Math.abs(gradient.dy[i]!) : 1);
      const slope = gradient.slope?.[i];
      inUlp = e > 2 ** -24 * scale && (slope === undefined || Math.abs(slope) >= NORMAL);
    } else {
      inUlp = Math.abs(r) >= ULP_FLOOR[accuracy];
    }
    if (inUlp) ulp = Math.max(ulp, ulpError(got[i]!, r));
    else abs = Math.max(abs, e / scale);
  }
  return { ulp, abs };
}

export function mergeWorst(a: Worst | undefined, b: Worst): Worst {
  return a ? { ulp: Math.max(a.ulp, b.ulp), abs: Math.max(a.abs, b.abs) } : b;
}

export function formatWorst({ ulp, abs }: Worst): string {
  return `${ulp < 100 ? ulp.toFixed(2) : ulp.toExponential(1)} / ${abs === 0 ? '0' : abs.toExponential(1)}`;
}
