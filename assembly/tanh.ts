// Hyperbolic tangent.
// Algorithm: below |x| = 0.625 an odd polynomial x + x³·P(x²) (Cephes tanhf minimax,
// no cancellation near 0); above, (1 - e)/(1 + e) with e = exp(-2|x|), sign restored.
// Both are computed and one is selected (branch-free). ≤ 2 ULP (measured 1.47).

import { splat, splatBits, negAbs, lt, select, div, add, sub, mul, madd, and, or } from "./lanes";
import { expLowRr2P6, logisticBell } from "./vecmath";

/** The polynomial serves |x| < 0.625, i.e. x² < 0.390625 (exact in f32). */
const SMALL_SQUARED: f32 = 0.390625;
const T0: f32 = -5.70498872745e-3;
const T1: f32 = 2.06390887954e-2;
const T2: f32 = -5.37397155531e-2;
const T3: f32 = 1.33314422036e-1;
const T4: f32 = -3.33332819422e-1;

@final export class Tanh {
  @inline forward<V>(x: V, a: V, b: V): V {
    const one = splat<V>(1.0);
    const e = expLowRr2P6<V>(mul<V>(negAbs<V>(x), splat<V>(2.0)));
    // (1 - e)/(1 + e) ≥ 0: OR-ing in x's sign bit gives the odd extension.
    const large = or<V>(div<V>(sub<V>(one, e), add<V>(one, e)), and<V>(x, splatBits<V>(0x80000000)));
    const x2 = mul<V>(x, x);
    let p = madd<V>(splat<V>(T0), x2, splat<V>(T1));
    p = madd<V>(p, x2, splat<V>(T2));
    p = madd<V>(p, x2, splat<V>(T3));
    p = madd<V>(p, x2, splat<V>(T4));
    const small = madd<V>(mul<V>(p, x2), x, x);
    return select<V>(lt<V>(x2, splat<V>(SMALL_SQUARED)), small, large);
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
