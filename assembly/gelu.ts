// GELU, both of PyTorch's forms (separate kernels, chosen by the `approximate` option).
//   gelu(x)     = x·Φ(x)                                  approximate = 'none'
//   geluTanh(x) = x·σ(v), v = 2√(2/π)·(x + 0.044715·x³)   approximate = 'tanh'
//                 (= ½x(1 + tanh(v/2)), PyTorch's formula)
// Algorithm, exact form: with t = min(|x|, 14.5) and P = t·Q(t), Q(t) = Φ(-t) the normal
// tail (vecmath.normalTail: exp(-t²/2 + H(t)), H a piecewise polynomial, -t²/2 split
// exactly), gelu(x) = -P for x < 0 and x - P otherwise: x·Φ(x) = x - x·Q(x) for x ≥ 0, with
// no 1 + erf cancellation on either side; the sign selects x or 0 by one AND. Q(14.5) = 0,
// so gelu(-Inf) = 0. Derivative Φ(x) + x·φ(x) = D for x < 0 and 1 - D otherwise,
// D = Q(t) - t·φ(t) (vecmath.normalTailSlope).
// Algorithm, tanh form: x·e/(1+e) for x < 0, x/(1+e) otherwise, e = exp(-|v|). An f32 v
// would carry 1.5 ULP, multiplied by |v| in exp (≈25 ULP at x = -5); the cubic and the
// range reduction are therefore evaluated in f64 lanes (vecmath.expOddCubicWide).
// Both: ±Inf give 0 and +Inf. Accuracy (dense sweeps through the wasm kernel, every 3rd
// float32 in [-15, 15]): forward ≤ 2.8 ULP (erf form) where |gelu| ≥ 2^-20, below within
// 1.6e-13 absolute (relative accuracy degrades gently beyond x = -8, to 1% at -13; 0 below
// about -14); derivative ≤ 2.5 ULP where its error exceeds 2^-24 (every 7th float32);
// 2.9 ULP (tanh form) wherever the result is normal.

import { splat, abs, lt, select, add, sub, mul, div, pmin, pmax, andnot, ishrS } from "./lanes";
import { wsplat, wadd, wmul, wdiv, wmadd, wnegMask, wselect, wide2 } from "./lanes64";
import { NORMAL_TAIL_MAX, normalTail, normalTailSlope, expOddCubicWide, expOddCubicMulWide } from "./vecmath";

/** v = x·(K1 + K2·x²) = 2u. */
const K1: f64 = 1.5957691216057308; // 2·√(2/π)
const K2: f64 = K1 * 0.044715;
/** Beyond |x| = 20, e^(-|v|) is 0; clamping keeps ±Inf out of products with 0. */
const TANH_LIMIT: f32 = 20.0;
const TANH_PRESCALE_BELOW: f32 = -8.0;

@final export class Gelu {
  @inline forward<V>(x: V, a: V, b: V): V {
    const t = pmin<V>(abs<V>(x), splat<V>(NORMAL_TAIL_MAX));
    // x for x ≥ 0, +0 for x < 0 (the sign bit spread over the lane clears it)
    return sub<V>(andnot<V>(x, ishrS<V>(x, 31)), mul<V>(t, normalTail<V>(t)));
  }

  /** Φ(x) + x·φ(x) = D for x < 0, 1 - D otherwise, D = Q(t) - t·φ(t). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    const d = normalTailSlope<V>(pmin<V>(abs<V>(x), splat<V>(NORMAL_TAIL_MAX)));
    return select<V>(ishrS<V>(x, 31), d, sub<V>(splat<V>(1.0), d));
  }
}

@final export class GeluTanh {
  @inline forward<V>(x: V, a: V, b: V): V {
    const xs = pmax<V>(x, splat<V>(-TANH_LIMIT));
    // e = exp(-|v|); below -8 (|v| > 49), x·exp(-|v|) instead, formed before the final
    // scaling so that it stays accurate where exp(-|v|) alone would be subnormal.
    const far = lt<V>(x, splat<V>(TANH_PRESCALE_BELOW));
    const e = expOddCubicMulWide<V>(abs<V>(x), -K1, -K2, select<V>(far, xs, splat<V>(1.0)));
    const num = select<V>(lt<V>(x, splat<V>(0.0)), select<V>(far, e, mul<V>(xs, e)), x);
    return div<V>(num, add<V>(splat<V>(1.0), e));
  }

  /** σ(v) + x·σ(v)(1-σ(v))·v', from e = exp(-|v|) (see GeluTanhGrad). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    const xc = pmin<V>(pmax<V>(x, splat<V>(-TANH_LIMIT)), splat<V>(TANH_LIMIT));
    return wide2<V, GeluTanhGrad>(xc, expOddCubicWide<V>(abs<V>(x), -K1, -K2));
  }
}

/**
 * geluTanh'(x) = [s·(1+e) + x·e·v'] / (1+e)², s = e (x < 0) or 1, v' = K1 + 3·K2·x², on
 * f64 lanes: for x < 0 the two terms cancel (the derivative crosses 0 near x = -0.75),
 * and their f32 roundings would cost more than 2^-24 there.
 */
@final class GeluTanhGrad {
  @inline apply<W>(x: W, e: W): W {
    const one = wsplat<W>(1.0);
    const p = wadd<W>(one, e);
    const dv = wmadd<W>(wmul<W>(x, x), wsplat<W>(3 * K2), wsplat<W>(K1));
    const num = wmadd<W>(wmul<W>(x, e), dv, wmul<W>(wselect<W>(wnegMask<W>(x), e, one), p));
    return wdiv<W>(num, wmul<W>(p, p));
  }
}
