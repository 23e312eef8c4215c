// The clamped ("hard") activations: hardtanh (and relu6 = hardtanh(0, 6)), hardsigmoid
// and hardswish. All branch-free: clamps are pmax/pmin (one MAXPS/MINPS each on x86;
// NaN in x propagates because x is the first operand), edges are compare masks.
//
// Contracts (README, Accuracy): hardtanh exact; hardsigmoid, hardswish ≤ 2 ULP (their
// derivatives ≤ 4 ULP). NaN in gives NaN out in every method; ±Inf give the limits.
// PyTorch's kink conventions: the derivative is 0 at the edges of every clamp.

import { splat, add, div, mul, gt, lt, ge, and, andnot, select, pmin, pmax, indicator } from "./lanes";
import { affineF64, affineWithinF64 } from "./lanes64";

/** hardtanh(x) = clamp(x, a, b), a = minVal ≤ b = maxVal. f' = 1 on (a, b), 0 elsewhere. */
@final export class Hardtanh {
  @inline forward<V>(x: V, a: V, b: V): V {
    return pmin<V>(pmax<V>(x, a), b);
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return indicator<V>(and<V>(gt<V>(x, a), lt<V>(x, b)), x);
  }

  /** y = clamp(x) lies strictly inside (a, b) exactly when x does. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return this.derivative<V>(y, a, b);
  }
}

/**
 * PyTorch's hardsigmoid: relu6(x + 3)/6 = clamp((x + 3)/6, 0, 1) (a, b unused).
 * x + 3 is exact near the zero at -3 (Sterbenz), so there only the product by
 * float32(1/6) rounds (and carries its 2^-25 relative error): ≤ 1.34 ULP, checked over
 * every float32 in [-3, 3] (a division gives 1.0 ULP at about half the speed).
 * f' = 1/6 on (-3, 3), 0 elsewhere (0 at ±3).
 */
@final export class Hardsigmoid {
  @inline forward<V>(x: V, a: V, b: V): V {
    const s = mul<V>(add<V>(x, splat<V>(3.0)), splat<V>(<f32>(1.0 / 6.0)));
    return pmin<V>(pmax<V>(s, splat<V>(0.0)), splat<V>(1.0));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const inside = and<V>(gt<V>(x, splat<V>(-3.0)), lt<V>(x, splat<V>(3.0)));
    return mul<V>(indicator<V>(inside, x), splat<V>(<f32>(1.0 / 6.0)));
  }

  /** f' from y: 1/6 where 0 < y < 1 (-3 < x < 3), 0 at and beyond the edges (PyTorch). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return mul<V>(indicator<V>(openUnit<V>(y), y), splat<V>(<f32>(1.0 / 6.0)));
  }
}

/** True in lanes with 0 < y < 1: where a hardsigmoid's output has slope. */
@inline function openUnit<V>(y: V): V {
  return and<V>(gt<V>(y, splat<V>(0.0)), lt<V>(y, splat<V>(1.0)));
}

/**
 * ONNX's HardSigmoid: clamp(a·x + b, 0, 1), a = alpha ≠ 0, b = beta. a·x + b is evaluated
 * in f64 (exact product, one rounding) because in f32 it cancels near its zero:
 * ≤ 0.5 ULP. f' = a where 0 < a·x + b < 1, 0 elsewhere (0 at the edges, as PyTorch).
 */
@final export class HardsigmoidAffine {
  @inline forward<V>(x: V, a: V, b: V): V {
    return pmin<V>(pmax<V>(affineF64<V>(x, a, b), splat<V>(0.0)), splat<V>(1.0));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return mul<V>(indicator<V>(affineWithinF64<V>(x, a, b, 0.0, 1.0), x), a);
  }

  /** f' from y: a where 0 < y < 1, 0 elsewhere. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return mul<V>(indicator<V>(openUnit<V>(y), y), a);
  }
}

/**
 * PyTorch's hardswish: x·relu6(x + 3)/6 (a, b unused): 0 for x ≤ -3, x for x ≥ 3.
 * Computed as max(x, -3)·clamp((x + 3)/6, 0, 1), so that -Inf gives 0, not -Inf·0:
 * ≤ 1.88 ULP, checked over every float32 in [-3, 3] (exact outside). It keeps the
 * division: the products by float32(1/6) tried went past 2 ULP, and a Newton-corrected
 * quotient was slower than the division.
 * f' = 0 for x < -3, (x + 1.5)/3 on [-3, 3) (so -0.5 at -3), 1 for x ≥ 3: PyTorch's
 * vectorised kernel gives 1 at x = 3 (its scalar path 1.5; the one-sided limits are
 * 1.5 and 1). x + 1.5 is exact near the zero at -1.5: ≤ 1.34 ULP (every float32).
 */
@final export class Hardswish {
  @inline forward<V>(x: V, a: V, b: V): V {
    const s = div<V>(add<V>(x, splat<V>(3.0)), splat<V>(6.0));
    const h = pmin<V>(pmax<V>(s, splat<V>(0.0)), splat<V>(1.0));
    return mul<V>(pmax<V>(x, splat<V>(-3.0)), h);
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const mid = mul<V>(add<V>(x, splat<V>(1.5)), splat<V>(<f32>(1.0 / 3.0)));
    // NaN fails both compares and reaches mid, which is NaN.
    const left = andnot<V>(mid, lt<V>(x, splat<V>(-3.0)));
    return select<V>(ge<V>(x, splat<V>(3.0)), splat<V>(1.0), left);
  }
}
