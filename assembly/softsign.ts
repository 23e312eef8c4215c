// Softsign: x / (1 + |x|). One division, ≤ 1.5 ULP. Inputs beyond ±2^26 are clamped there
// (the result already rounds to ±1), so ±Inf give ±1 instead of Inf/Inf.
// Derivative 1/(1 + |x|)² (in f64 lanes, ≤ 1 ULP); y-form (1 - |y|)², where 1 - |y| is
// exact for |y| ≥ ½.

import { splat, abs, add, sub, mul, div, pmin, pmax } from "./lanes";
import { wsplat, wadd, wmul, wdiv, wabs, wide1 } from "./lanes64";

const CLAMP: f32 = 67108864.0; // 2^26

@final class SoftsignGrad {
  @inline apply<W>(x: W): W {
    const d = wadd<W>(wsplat<W>(1.0), wabs<W>(x));
    return wdiv<W>(wsplat<W>(1.0), wmul<W>(d, d));
  }
}

@final export class Softsign {
  @inline forward<V>(x: V, a: V, b: V): V {
    const xc = pmax<V>(pmin<V>(x, splat<V>(CLAMP)), splat<V>(-CLAMP));
    return div<V>(xc, add<V>(splat<V>(1.0), abs<V>(xc)));
  }

  /** 1/(1 + |x|)², on f64 lanes: in f32 the sum, the square and the division reach 3.4 ULP. */
  @inline derivative<V>(x: V, a: V, b: V): V {
    return wide1<V, SoftsignGrad>(x);
  }

  @inline fromOutput<V>(y: V, a: V, b: V): V {
    const d = sub<V>(splat<V>(1.0), abs<V>(y));
    return mul<V>(d, d);
  }
}
