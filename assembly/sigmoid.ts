// Sigmoid (logistic): σ(x) = 1 / (1 + e^-x).
// Algorithm: e = exp(-|x|) (vecmath.expRr2P6), then one division: σ = e/(1+e) for
// x < 0 and 1/(1+e) otherwise, so exp never overflows. ≤ 3 ULP, gradual underflow.

import { splat, abs, neg, lt, select, div, add, mul, sub } from "./lanes";
import { expRr2P6, logisticBell } from "./vecmath";

@final export class Sigmoid {
  @inline forward<V>(x: V, a: V, b: V): V {
    const e = expRr2P6<V>(neg<V>(abs<V>(x)));
    const one = splat<V>(1.0);
    return div<V>(select<V>(lt<V>(x, splat<V>(0.0)), e, one), add<V>(one, e));
  }

  /** σ'(x) = σ(x)(1 - σ(x)) = e/(1+e)² with e = exp(-|x|). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    return logisticBell<V>(expRr2P6<V>(neg<V>(abs<V>(x))));
  }

  /** σ' = y(1 - y); 1 - y is exact for y ≥ 0.5. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return mul<V>(y, sub<V>(splat<V>(1.0), y));
  }
}
