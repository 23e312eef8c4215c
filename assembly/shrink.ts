// Shrinkage and thresholding: softshrink, hardshrink (a = lambd ≥ 0) and threshold
// (a = threshold, b = value). Exact (bitwise the float32 rounding of the reference):
// the only arithmetic is softshrink's x ∓ lambd, one correctly rounded subtraction.
// Branch-free: compare masks and bit selects. NaN in gives NaN out in every method;
// ±Inf give the limits. PyTorch's kink convention: f' = 0 at ±lambd and at threshold.

import { splat, sub, abs, le, gt, andnot, select, pmin, pmax, indicator } from "./lanes";

/**
 * softshrink(x) = x - clamp(x, -lambd, lambd) (a = lambd, b = -lambd): x - lambd above,
 * x + lambd below, x - x = 0 between. For lambd = Inf (where this gives Inf - Inf) the
 * TS layer runs hardshrink's kernels, which compute the same function then (0, NaN for
 * NaN). f' = 1 where |x| > lambd, else 0.
 */
@final export class Softshrink {
  @inline forward<V>(x: V, a: V, b: V): V {
    return sub<V>(x, pmin<V>(pmax<V>(x, b), a));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return indicator<V>(gt<V>(abs<V>(x), a), x);
  }

  /** y ≠ 0 exactly when |x| > lambd: x - lambd for x ≠ lambd never rounds to 0. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return indicator<V>(gt<V>(abs<V>(y), splat<V>(0.0)), y);
  }
}

/** hardshrink(x) = x where |x| > lambd, else 0. f' = 1 where |x| > lambd, else 0. */
@final export class Hardshrink {
  @inline forward<V>(x: V, a: V, b: V): V {
    return andnot<V>(x, le<V>(abs<V>(x), a));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return indicator<V>(gt<V>(abs<V>(x), a), x);
  }

  /** y = x where |x| > lambd and 0 otherwise, so |y| > lambd ⇔ |x| > lambd (lambd ≥ 0). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return this.derivative<V>(y, a, b);
  }
}

/**
 * threshold(x) = x if x > a else b (a = threshold, b = value); written as
 * `x ≤ a ? b : x` so that NaN stays NaN, as in PyTorch. f' = 1 where x > a, else 0.
 */
@final export class Threshold {
  @inline forward<V>(x: V, a: V, b: V): V {
    return select<V>(le<V>(x, a), b, x);
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return indicator<V>(gt<V>(x, a), x);
  }

  /** Valid for value ≤ threshold (the TS layer checks): then y > a ⇔ x > a. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return this.derivative<V>(y, a, b);
  }
}
