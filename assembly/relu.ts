// The piecewise-linear rectifiers: relu and leakyRelu. Exact (bitwise the float32
// rounding of the reference). PyTorch's conventions at the kink: relu'(0) = 0,
// leakyRelu'(0) = negativeSlope. NaN stays NaN in every method.

import { splat, pmax, gt, select, mul, keepNaN, indicator } from "./lanes";

/** relu(x) = max(0, x). pmax keeps NaN (and -0 as -0). Derivative: 1 if x > 0 else 0. */
@final export class Relu {
  @inline forward<V>(x: V, a: V, b: V): V {
    return pmax<V>(x, splat<V>(0.0));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return indicator<V>(gt<V>(x, splat<V>(0.0)), x);
  }

  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return this.derivative<V>(y, a, b);
  }
}

/** leakyRelu(x) = x if x > 0 else a·x, a = negativeSlope. Derivative: 1 if x > 0 else a. */
@final export class LeakyRelu {
  @inline forward<V>(x: V, a: V, b: V): V {
    return select<V>(gt<V>(x, splat<V>(0.0)), x, mul<V>(x, a));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    return keepNaN<V>(x, select<V>(gt<V>(x, splat<V>(0.0)), splat<V>(1.0), a));
  }

  /** From y: valid for a ≥ 0, where y > 0 exactly when x > 0 (the TS layer checks a). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return this.derivative<V>(y, a, b);
  }
}
