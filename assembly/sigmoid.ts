// Sigmoid (logistic): σ(x) = 1 / (1 + e^-x).
// Algorithm: σ = 1/(1 + e^-x), e^-x from vecmath.expSatRr2P6 (one shift for the scaling;
// +Inf for x ≤ -88.38, where σ < 2^-126 and the quotient is 0; every x ≥ 87.33 gives
// 1). No sign select: that form (e/(1+e) for x < 0) kept x live to the end and cost
// four more operations. ≤ 3 ULP where σ is normal: measured 2.48 over every float32 in
// [-20, -15] (where 1 + e^-x crosses 2^24), ≤ 2.0 over every 3rd float32 elsewhere in
// [-88.5, 20]; 0 below -88.38 (σ < 2^-126 there). glu uses sigmoidGradual below.

import { splat, select, div, add, mul, sub, neg, ishrS } from "./lanes";
import { expNegAbs, expSatRr2P6, logisticBell } from "./vecmath";

/**
 * σ(z) from e = exp(-|z|): e/(1+e) where `neg` (z < 0), 1/(1+e) elsewhere; one division.
 * Keeps gradual underflow: e/(1+e) is accurate where σ is subnormal.
 */
@inline export function sigmoidFromExp<V>(neg: V, e: V): V {
  const one = splat<V>(1.0);
  return div<V>(select<V>(neg, e, one), add<V>(one, e));
}

/**
 * σ(x) with gradual underflow (sigmoidFromExp, the sign bit spread by an arithmetic shift
 * as the mask), for glu, where a large a scales σ(b) back up; the forward kernel flushes
 * σ < 2^-126 from x ≤ -88.38. ≤ 2.4 ULP.
 */
@inline export function sigmoidGradual<V>(x: V): V {
  return sigmoidFromExp<V>(ishrS<V>(x, 31), expNegAbs<V>(x));
}

@final export class Sigmoid {
  @inline forward<V>(x: V, a: V, b: V): V {
    const one = splat<V>(1.0);
    return div<V>(one, add<V>(one, expSatRr2P6<V>(neg<V>(x))));
  }

  /** σ'(x) = σ(x)(1 - σ(x)) = e/(1+e)² with e = exp(-|x|). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    return logisticBell<V>(expNegAbs<V>(x));
  }

  /** σ' = y(1 - y); 1 - y is exact for y ≥ 0.5. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return mul<V>(y, sub<V>(splat<V>(1.0), y));
  }
}
