// Hyperbolic tangent.
// Algorithm: tanh|x| = m/(2 - m) with m = 1 - e^(-2|x|) = -expm1(-2|x|)
// (vecmath.oneMinusExpRr2P6: exact near 0, so no separate small-|x| polynomial is
// needed), x's sign bit OR-ed in. One exponential, one division, no select.
// ≤ 3 ULP: measured 2.50 over every float32 in [0.1, 10] (numpy model of the same
// operations) and over the test grid; ±Inf give ±1, ±0 and subnormals themselves.

import { splat, splatBits, negAbs, div, add, sub, mul, and, or } from "./lanes";
import { expLowRr2P6, oneMinusExpRr2P6, logisticBell } from "./vecmath";

@final export class Tanh {
  @inline forward<V>(x: V, a: V, b: V): V {
    const m = oneMinusExpRr2P6<V>(mul<V>(negAbs<V>(x), splat<V>(2.0)));
    return or<V>(div<V>(m, sub<V>(splat<V>(2.0), m)), and<V>(x, splatBits<V>(0x80000000)));
  }

  /** tanh'(x) = 1 - tanh² x = 4e/(1+e)² with e = exp(-2|x|). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    const e = expLowRr2P6<V>(mul<V>(negAbs<V>(x), splat<V>(2.0)));
    return mul<V>(splat<V>(4.0), logisticBell<V>(e));
  }

  /** tanh' = 1 - y² computed as (1 - y)(1 + y): no cancellation near |y| = 1. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    const one = splat<V>(1.0);
    return mul<V>(sub<V>(one, y), add<V>(one, y));
  }
}
