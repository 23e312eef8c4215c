// Exponential linear units: elu, selu, celu (PyTorch definitions).
//   elu(x)  = x for x > 0, else α·expm1(x)            a = alpha
//   selu(x) = λ·elu_α(x) with PyTorch's fixed α, λ    (no parameters)
//   celu(x) = x for x > 0, else α·expm1(x/α)          a = alpha (≠ 0, 1), b = 1/alpha
// Algorithm: α·expm1 on the negative branch in one rounding (vecmath.expm1MulRr2P6; no
// cancellation near 0, where exp(x) - 1 would lose every digit), selected branch-free
// against the linear branch. Derivatives use vecmath.expRr2P6; the y-forms are y + α
// (elu), y + λα (selu) and y/α + 1 (celu) for y ≤ 0, which the TS layer allows only for
// α ≥ 0, as PyTorch. Accuracy (dense sweeps): forward ≤ 0.9 ULP (elu), 1.7 (selu),
// 2.0 (celu); derivatives ≤ 1.5 ULP.

import { splat, abs, gt, ge, lt, select, mul, div, add } from "./lanes";
import { expRr2P6, expRr2P6HiLo, expm1MulRr2P6, expm1MulRr2P6HiLo, quotientLo } from "./vecmath";

// PyTorch's SELU constants, and their product rounded once.
const SELU_SCALE: f32 = 1.0507009873554805;
const SELU_SCALED_ALPHA: f32 = 1.7580993408473766; // λ·α
const TINY_QUOTIENT: f32 = 8.0779356e-28; // 2^-90

/** x for x ≥ 0 (keeps -0), else the negative branch `neg`. */
@inline function linearOr<V>(x: V, lin: V, neg: V): V {
  return select<V>(ge<V>(x, splat<V>(0.0)), lin, neg);
}

/** 1-or-`neg` derivative; x = 0 takes the negative branch, as PyTorch. NaN gives NaN (neg is NaN). */
@inline function slopeOr<V>(x: V, pos: V, neg: V): V {
  return select<V>(gt<V>(x, splat<V>(0.0)), pos, neg);
}

@final export class Elu {
  @inline forward<V>(x: V, a: V, b: V): V {
    return linearOr<V>(x, x, expm1MulRr2P6<V>(x, a));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return slopeOr<V>(x, splat<V>(1.0), mul<V>(a, expRr2P6<V>(x)));
  }

  /** y + α for y ≤ 0 (valid for α ≥ 0, where y ≤ 0 exactly when x ≤ 0). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return slopeOr<V>(y, splat<V>(1.0), add<V>(y, a));
  }
}

@final export class Selu {
  @inline forward<V>(x: V, a: V, b: V): V {
    return linearOr<V>(x, mul<V>(x, splat<V>(SELU_SCALE)), expm1MulRr2P6<V>(x, splat<V>(SELU_SCALED_ALPHA)));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return slopeOr<V>(x, splat<V>(SELU_SCALE), mul<V>(splat<V>(SELU_SCALED_ALPHA), expRr2P6<V>(x)));
  }

  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return slopeOr<V>(y, splat<V>(SELU_SCALE), add<V>(y, splat<V>(SELU_SCALED_ALPHA)));
  }
}

/**
 * celu for alpha ≠ 1 (alpha = 1 is elu, and uses elu's kernels): a = alpha, b = 1/alpha.
 * x/α is formed as q + lo (vecmath.quotientLo): for α < 0 the exponent x/α is positive
 * and large, and exp would multiply a rounded quotient's error by |x/α| (≈40 ULP).
 */
@final export class Celu {
  /** For α < 0 the same formula holds: x ≤ 0 then gives x/α ≥ 0 and α·expm1 ≤ 0. */
  @inline forward<V>(x: V, a: V, b: V): V {
    const q = mul<V>(x, b);
    const neg = expm1MulRr2P6HiLo<V>(q, quotientLo<V>(x, a, b, q), a);
    // For |x/α| < 2^-90 the split would underflow; celu(x) rounds to x there.
    return linearOr<V>(x, x, select<V>(lt<V>(abs<V>(q), splat<V>(TINY_QUOTIENT)), x, neg));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const q = mul<V>(x, b);
    return slopeOr<V>(x, splat<V>(1.0), expRr2P6HiLo<V>(q, quotientLo<V>(x, a, b, q)));
  }

  /** y/α + 1 for y ≤ 0 (valid for α > 0). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return slopeOr<V>(y, splat<V>(1.0), add<V>(div<V>(y, a), splat<V>(1.0)));
  }
}
