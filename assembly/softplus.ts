// The softplus family: softplus (PyTorch's beta and threshold) and logsigmoid.
//   softplus(x) = x where β·x > threshold, else log1p(e^(βx))/β
//               = [βx > 0 ? x : 0] + log1p(e^(-|βx|))/β       (stable form, any sign of β)
//   logsigmoid(x) = min(x, 0) - log1p(e^(-|x|))
// Algorithm: e = vecmath.expRr2P6 of -|βx|, L = vecmath.log1pUnitP10(e); no overflow,
// and the tails keep full relative precision (log1p(e) ≈ e for tiny e).
// β = 1 (the default) has its own kernels, `softplus_*`; any other β uses
// `softplusBeta_*`, which forms βx exactly as hi + lo (Dekker's product) so that exp
// sees no rounding of βx (relative error |βx|·2^-24 otherwise) and the threshold test
// is exact. Derivative σ(βx); y-form 1 - e^(-βy) = -expm1(-βy) (1 above the threshold).
// Accuracy (dense sweeps): forward ≤ 1.6 ULP (β = 1, logsigmoid), 2.3 (other β);
// derivatives ≤ 1.5 ULP.

import { splat, abs, neg, gt, lt, eq, and, or, select, add, sub, div, mul, pmin, pmax } from "./lanes";
import { sigmoidFromExp } from "./sigmoid";
import { expRr2P6, expNegAbs, expRr2P6HiLo, expm1MulRr2P6, log1pUnitP10, splitHi, twoProdLo } from "./vecmath";

/**
 * βx > threshold, exactly, for βx = hi + lo (|lo| ≤ ulp(hi)/2): hi > t, or hi = t and lo > 0.
 * (In the rounded product the decision could flip right at the threshold, where the two
 * branches differ by log1p(e^-t)/β.)
 */
@inline function aboveThreshold<V>(hi: V, lo: V, t: V): V {
  return or<V>(gt<V>(hi, t), and<V>(eq<V>(hi, t), gt<V>(lo, splat<V>(0.0))));
}

const HUGE: f32 = 1e30;

/** softplus with β = 1: a is ignored, b = threshold. */
@final export class Softplus {
  @inline forward<V>(x: V, a: V, b: V): V {
    const l = log1pUnitP10<V>(expNegAbs<V>(x));
    return select<V>(gt<V>(x, b), x, add<V>(pmax<V>(x, splat<V>(0.0)), l));
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const s = sigmoidFromExp<V>(lt<V>(x, splat<V>(0.0)), expNegAbs<V>(x));
    return select<V>(gt<V>(x, b), splat<V>(1.0), s);
  }

  /** 1 - e^(-y) for y ≤ threshold, else 1. */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return select<V>(gt<V>(y, b), splat<V>(1.0), expm1MulRr2P6<V>(neg<V>(y), splat<V>(-1.0)));
  }
}

/** The exact error of hi = fl(β·x) (Dekker), a = β; 0 where x or βx is too large to split. */
@inline function betaLo<V>(x: V, a: V, hi: V): V {
  const lo = twoProdLo<V>(a, splitHi<V>(a), x, splitHi<V>(x), hi);
  // For huge or infinite x or βx the split gives Inf or NaN; exp(-|βx|) is 0 or 1 there.
  return select<V>(lt<V>(abs<V>(lo), splat<V>(HUGE)), lo, splat<V>(0.0));
}

/** exp(-|βx|) for βx = hi + lo. */
@inline function expNegAbsHiLo<V>(hi: V, lo: V): V {
  const pos = gt<V>(hi, splat<V>(0.0));
  return expRr2P6HiLo<V>(select<V>(pos, neg<V>(hi), hi), select<V>(pos, neg<V>(lo), lo));
}

/** softplus with any β ≠ 0: a = β, b = threshold. */
@final export class SoftplusBeta {
  @inline forward<V>(x: V, a: V, b: V): V {
    const hi = mul<V>(a, x);
    const lo = betaLo<V>(x, a, hi);
    const l = log1pUnitP10<V>(expNegAbsHiLo<V>(hi, lo));
    const sp = add<V>(select<V>(gt<V>(hi, splat<V>(0.0)), x, splat<V>(0.0)), div<V>(l, a));
    return select<V>(aboveThreshold<V>(hi, lo, b), x, sp);
  }

  @inline derivative<V>(x: V, a: V, b: V): V {
    const hi = mul<V>(a, x);
    const lo = betaLo<V>(x, a, hi);
    const s = sigmoidFromExp<V>(lt<V>(hi, splat<V>(0.0)), expNegAbsHiLo<V>(hi, lo));
    return select<V>(aboveThreshold<V>(hi, lo, b), splat<V>(1.0), s);
  }

  @inline fromOutput<V>(y: V, a: V, b: V): V {
    const hi = mul<V>(a, y);
    const d = expm1MulRr2P6<V>(neg<V>(hi), splat<V>(-1.0));
    return select<V>(aboveThreshold<V>(hi, betaLo<V>(y, a, hi), b), splat<V>(1.0), d);
  }
}

/** logsigmoid(x) = min(x, 0) - log1p(e^-|x|). */
@final export class LogSigmoid {
  @inline forward<V>(x: V, a: V, b: V): V {
    const l = log1pUnitP10<V>(expNegAbs<V>(x));
    return sub<V>(pmin<V>(x, splat<V>(0.0)), l);
  }

  /** σ(-x): e/(1+e) for x > 0, 1/(1+e) otherwise, e = exp(-|x|). */
  @inline derivative<V>(x: V, a: V, b: V): V {
    return sigmoidFromExp<V>(gt<V>(x, splat<V>(0.0)), expNegAbs<V>(x));
  }

  /** 1 - e^y = -expm1(y). */
  @inline fromOutput<V>(y: V, a: V, b: V): V {
    return expm1MulRr2P6<V>(y, splat<V>(-1.0));
  }
}
