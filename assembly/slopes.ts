// Rectifiers with one slope per element: PReLU with per-channel weights (the TypeScript
// side expands the channel slopes chunk by chunk) and RReLU in training mode (sampled
// slopes). The math is LeakyRelu's (relu.ts) with the slope taken from a second input.
// Exports (scripts/kernel-table.mjs):
//   slopes_forward(x, w, y, n, _, _)        y  = x if x > 0 else w·x           (exact)
//   slopes_derivative(x, w, y, n, _, _)     y  = 1 if x > 0 else w (NaN kept)  (exact)
//   slopes_backward(dy, x, w, dx, n, _, _)  dx = dy · (1 if x > 0 else w)
//   product(u, v, y, n, _, _)               y  = u·v (RReLU's backward: dy · noise)
// f32 data at 4-byte aligned byte addresses; the output may equal any input.

import { mul } from "./lanes";
import { LeakyRelu } from "./relu";

@final export class SlopeForward {
  @inline apply<V>(x: V, w: V, a: V, b: V): V { return changetype<LeakyRelu>(0).forward<V>(x, w, b); }
}

@final export class SlopeDerivative {
  @inline apply<V>(x: V, w: V, a: V, b: V): V { return changetype<LeakyRelu>(0).derivative<V>(x, w, b); }
}

@final export class SlopeBackward {
  @inline apply<V>(g: V, x: V, w: V, a: V, b: V): V {
    return mul<V>(g, changetype<LeakyRelu>(0).derivative<V>(x, w, b));
  }
}

@final export class Product {
  @inline apply<V>(u: V, v: V, a: V, b: V): V { return mul<V>(u, v); }
}
