// GELU, both of PyTorch's forms (separate kernels, chosen by the `approximate` option).
//   gelu(x)     = x·Φ(x)                                  approximate = 'none'
//   geluTanh(x) = x·σ(v), v = 2√(2/π)·(x + 0.044715·x³)   approximate = 'tanh'
//                 (= ½x(1 + tanh(v/2)), PyTorch's formula)
// Algorithm, exact form: with t = |x|, Φ(-t) = ½·e^(-t²/2)·erfcx(t/√2). The exponential
// gets t² split exactly (vecmath.expNegSquare), the scaled erfc is a rational-4-5 in f64
// lanes (vecmath.erfcxRational45Wide) that also folds in the factor x/2; then
// gelu = x·Φ(-t) for x < 0 and x·(1 - Φ(-t)) otherwise. No 1 + erf(x) cancellation,
// so the negative tail keeps its relative accuracy down to the subnormal range.
// Algorithm, tanh form: x·e/(1+e) for x < 0, x/(1+e) otherwise, e = exp(-|v|). An f32 v
// would carry 1.5 ULP, multiplied by |v| in exp (≈25 ULP at x = -5); the cubic and the
// range reduction are therefore evaluated in f64 lanes (vecmath.expOddCubicWide).
// Both: ±Inf give 0 and +Inf. Accuracy (dense sweeps): forward ≤ 2.6 ULP (erf form),
// 2.9 ULP (tanh form) wherever the result is normal, not only above 2^-20 as the 'tail'
// class asks; derivatives ≤ 1.3 ULP away from their zeros.

import {
  splat, abs, lt, select, add, sub, mul, div, pmin, pmax,
  wsplat, wadd, wmul, wdiv, wmadd, wnegMask, wselect, wide2,
} from "./lanes";
import { expNegSquare, erfcxRational45Wide, expOddCubicWide, expOddCubicMulWide } from "./vecmath";

const SQRT1_2: f64 = 0.7071067811865476;
/** 1/√(2π): φ(t) = e^(-t²/2)/√(2π). */
const INV_SQRT_2PI: f64 = 0.3989422804014327;
/** Beyond |x| = 14.5, x·Φ(x) underflows to 0 and Φ(x) rounds to 1. */
const T_MAX: f32 = 14.5;
/** v = x·(K1 + K2·x²) = 2u. */
const K1: f64 = 1.5957691216057308; // 2·√(2/π)
const K2: f64 = K1 * 0.044715;
/** Beyond |x| = 20, e^(-|v|) is 0; clamping keeps ±Inf out of products with 0. */
const TANH_LIMIT: f32 = 20.0;
const TANH_PRESCALE_BELOW: f32 = -8.0;

@final export class Gelu {
  @inline forward<V>(x: V, a: V, b: V): V {
    const t = pmin<V>(abs<V>(x), splat<V>(T_MAX));
    const isNeg = lt<V>(x, splat<V>(0.0));
    // w = ½·x·erfcx(t/√2) for x < 0, ½·erfcx(t/√2) otherwise.
    const w = erfcxRational45Wide<V>(t, SQRT1_2, select<V>(isNeg, mul<V>(t, splat<V>(-0.5)), splat<V>(0.5)), 0);
    const q = mul<V>(w, expNegSquare<V>(t, 0.5)); // x·Φ(x) or Φ(-x)
    return select<V>(isNeg, q, mul<V>(x, sub<V>(splat<V>(1.0), q)));
  }

  /** Φ(x) + x·φ(x) = D for x < 0, 1 - D otherwise, D = e^(-t²/2)·(½·erfcx(t/√2) - t/√(2π)). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    const t = pmin<V>(abs<V>(x), splat<V>(T_MAX));
    const w = erfcxRational45Wide<V>(t, SQRT1_2, splat<V>(0.5), -INV_SQRT_2PI);
    const d = mul<V>(w, expNegSquare<V>(t, 0.5));
    return select<V>(lt<V>(x, splat<V>(0.0)), d, sub<V>(splat<V>(1.0), d));
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
