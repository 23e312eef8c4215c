// Self-gated activations: silu (swish) and mish.
//   silu(x) = x·σ(x)
//   mish(x) = x·tanh(softplus(x))
// Algorithm: one exp (vecmath) and one division per vector.
//   silu: x/(1 + e^-x) for x ≥ -64: the numerator is exact and e^-x ≤ e^64 cannot
//     overflow (the form x·e/(1+e), e = e^-|x|, rounds twice more and reaches 2.9 ULP).
//     Below -64, where e^x is or becomes subnormal but x·e^x may still be normal,
//     silu(x) = x·e^x is formed inside exp before the final scaling
//     (vecmath.expMulRr2P6), so it is rounded once.
//   mish: with 1 + e^x = (1+e) or (1+e)/e, tanh(log(1+e^x)) = ((1+e^x)² - 1)/((1+e^x)² + 1)
//     = e(e+2)/(e(e+2) + 2) for x < 0 and (1+2e)/(1+2e+2e²) otherwise: no log, no tanh,
//     no cancellation in the negative tail (in f64 lanes, rounded once).
//     Below -64, mish(x) = x·e^x to 2^-90, formed as silu's is.
// Derivatives are single fractions over e = exp(-|x|), evaluated in f64 lanes. ±Inf give
// the limits (silu(-Inf) = mish(-Inf) = 0). Accuracy (dense sweeps): forward silu
// ≤ 2.3 ULP, mish ≤ 1.7 ULP; derivatives ≤ 0.6 ULP away from their zeros.

import { splat, abs, neg, negAbs, lt, select, add, mul, div, madd, pmax, pmin } from "./lanes";
import { wsplat, wadd, wmul, wdiv, wmadd, wnegMask, wselect, wide2 } from "./lanes64";
import { expRr2P6, expNegAbs, expMulRr2P6 } from "./vecmath";

const PRESCALE_BELOW: f32 = -64.0;
// Inputs beyond these give exact limits; clamping keeps ±Inf out of products with 0.
const LIMIT_LO: f32 = -120.0;
const LIMIT_HI: f32 = 200.0;

@final export class Silu {
  /**
   * x/(1 + e^-x) for x ≥ -64, where e^-x cannot overflow and the numerator is exact;
   * below, x·e^x formed inside exp (m = x) and rounded once.
   */
  @inline forward<V>(x: V, a: V, b: V): V {
    const far = lt<V>(x, splat<V>(PRESCALE_BELOW));
    const z = select<V>(far, x, neg<V>(x));
    const e = expMulRr2P6<V>(z, select<V>(far, pmax<V>(x, splat<V>(LIMIT_LO)), splat<V>(1.0)));
    return select<V>(far, e, div<V>(x, add<V>(splat<V>(1.0), e)));
  }

  /** σ(1 + x(1-σ)), see SiluGrad. */
  @inline derivative<V>(x: V, a: V, b: V): V {
    const xc = pmin<V>(pmax<V>(x, splat<V>(LIMIT_LO)), splat<V>(LIMIT_HI));
    return wide2<V, SiluGrad>(xc, expNegAbs<V>(x));
  }
}

/**
 * silu'(x) = σ(1 + x(1-σ)) from (x, e = exp(-|x|)) on f64 lanes:
 * e(1+e+x)/(1+e)² for x < 0, (1+e+x·e)/(1+e)² otherwise (x finite: the kernel clamps).
 * In f32 the roundings reach 3.7 ULP after the multiplication by dy.
 */
@final class SiluGrad {
  @inline apply<W>(x: W, e: W): W {
    const p = wadd<W>(wsplat<W>(1.0), e);
    const num = wselect<W>(wnegMask<W>(x), wmul<W>(e, wadd<W>(p, x)), wmadd<W>(x, e, p));
    return wdiv<W>(num, wmul<W>(p, p));
  }
}

/**
 * n and d with n/d = tanh(softplus x), from e = exp(-|x|) (f64 lanes):
 * e(e+2) / (e(e+2) + 2) for x < 0, (1+2e) / (1+2e+2e²) otherwise.
 */
@inline function tanhSoftplusNum<W>(neg: W, e: W): W {
  return wselect<W>(neg, wmul<W>(e, wadd<W>(e, wsplat<W>(2.0))), wmadd<W>(e, wsplat<W>(2.0), wsplat<W>(1.0)));
}
@inline function tanhSoftplusDen<W>(neg: W, e: W, n: W): W {
  return wadd<W>(n, wselect<W>(neg, wsplat<W>(2.0), wmul<W>(wadd<W>(e, e), e)));
}

/** x·tanh(softplus x) from (x, e) on f64 lanes. */
@final class MishRatio {
  @inline apply<W>(x: W, e: W): W {
    const neg = wnegMask<W>(x);
    const n = tanhSoftplusNum<W>(neg, e);
    return wdiv<W>(wmul<W>(x, n), tanhSoftplusDen<W>(neg, e, n));
  }
}

/**
 * mish'(x) from (x, e) on f64 lanes: T + x·σ·(1 - T²) over the common denominator d²:
 *   x < 0:  e·[4(1+x) + (6+4x)·e + 4e² + e³] / d²
 *   x ≥ 0:  [1 + 4e + (6+4x)·e² + 4(1+x)·e³] / d²
 * x must be finite (the kernel clamps it).
 */
@final class MishGrad {
  @inline apply<W>(x: W, e: W): W {
    const neg = wnegMask<W>(x);
    const one = wsplat<W>(1.0);
    const four = wsplat<W>(4.0);
    const c03 = wmul<W>(four, wadd<W>(one, x)); // 4(1+x)
    const c12 = wmadd<W>(four, x, wsplat<W>(6.0)); // 6+4x
    let p = wmadd<W>(wselect<W>(neg, one, c03), e, wselect<W>(neg, four, c12));
    p = wmadd<W>(p, e, wselect<W>(neg, c12, four));
    p = wmadd<W>(p, e, wselect<W>(neg, c03, one));
    const n = tanhSoftplusNum<W>(neg, e);
    const d = tanhSoftplusDen<W>(neg, e, n);
    return wdiv<W>(wselect<W>(neg, wmul<W>(e, p), p), wmul<W>(d, d));
  }
}

@final export class Mish {
  @inline forward<V>(x: V, a: V, b: V): V {
    const far = lt<V>(x, splat<V>(PRESCALE_BELOW));
    // e = exp(-|x|); below -64, x·e^x instead, which is mish(x) there to 2^-90.
    const e = expMulRr2P6<V>(negAbs<V>(x), select<V>(far, pmax<V>(x, splat<V>(LIMIT_LO)), splat<V>(1.0)));
    return select<V>(far, e, wide2<V, MishRatio>(x, e));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const xc = pmin<V>(pmax<V>(x, splat<V>(LIMIT_LO)), splat<V>(LIMIT_HI));
    return wide2<V, MishGrad>(xc, expNegAbs<V>(x));
  }
}
