// log1p (see index.ts): log1pP10 (whole line), log1pFiniteP10 (finite x > -1),
// log1pUnitP10 (x in [0, 1], the argument range of softplus and logsigmoid).

import { splat, splatBits, add, sub, mul, madd, lt, le, ge, eq, and, select, iadd, isub, ishl, ishrS } from "../lanes";
import { horner8 } from "./helpers";
import { MAGIC_BIAS, MAGIC_BIAS_BITS, LN2_HI, LN2_LO } from "./exp";

// ---- log1p -------------------------------------------------------------------------------

const SQRT_HALF_BITS: u32 = 0x3f3504f3;
const SQRT_HALF_M1: f32 = -0.29289323;
const SQRT2_M1: f32 = 0.41421357;
// log(1+f) = f - f²/2 + f³·P(f) on [√½ - 1, √2 - 1], minimax for relative error (2^-27).
const LOG_P0: f32 = 0.3333333134651184;
const LOG_P1: f32 = -0.2500081956386566;
const LOG_P2: f32 = 0.20001225173473358;
const LOG_P3: f32 = -0.16623365879058838;
const LOG_P4: f32 = 0.142018124461174;
const LOG_P5: f32 = -0.13160154223442078;
const LOG_P6: f32 = 0.12761200964450836;
const LOG_P7: f32 = -0.07634113729000092;

/**
 * k·ln2 + log(1+f) + c/u for the reduced f in [√½ - 1, √2 - 1), where c2 = c·2^-k is the
 * rounding error of u = 1 + x scaled (0 where there is none) and c/u ≈ c2·(1 - f + f²).
 * log(1+f) = f - f²/2 + f³·P7(f), summed small terms first (musl's order).
 */
@inline function log1pTail<V>(f: V, kf: V, c2: V): V {
  const f2 = mul<V>(f, f);
  const corr = madd<V>(c2, sub<V>(f2, f), c2);
  const p = horner8<V>(f, LOG_P0, LOG_P1, LOG_P2, LOG_P3, LOG_P4, LOG_P5, LOG_P6, LOG_P7);
  const lo = madd<V>(mul<V>(f2, f), p, madd<V>(kf, splat<V>(LN2_LO), corr));
  const r = add<V>(madd<V>(f2, splat<V>(-0.5), lo), f);
  return madd<V>(kf, splat<V>(LN2_HI), r);
}

/**
 * log1p(x) for finite x > -1 (no special-value selects; see log1pP10 for the rest).
 * Reduction: 1 + x = 2^k·(1 + f) with f in [√½ - 1, √2 - 1) read off the float bits; the
 * rounding error c of 1 + x is added back as c/(1+x) (musl log1pf). For x already in
 * that interval, f = x and k = 0. Then log(1+f) = f - f²/2 + f³·P7(f). ≈0.8 ULP.
 */
@inline export function log1pFiniteP10<V>(x: V): V {
  const one = splat<V>(1.0);
  const u = add<V>(x, one);
  const iu = iadd<V>(u, splatBits<V>(0x3f800000 - SQRT_HALF_BITS));
  const kb = ishrS<V>(iu, 23); // k + 127
  // k as a float: the integer added to the bits of 1.5·2^23, minus 1.5·2^23.
  const k = sub<V>(iadd<V>(kb, splatBits<V>(MAGIC_BIAS_BITS - 127)), splat<V>(MAGIC_BIAS));
  const fu = sub<V>(iadd<V>(and<V>(iu, splatBits<V>(0x007fffff)), splatBits<V>(SQRT_HALF_BITS)), one);
  // c = (1 + x) - u exactly, scaled by 2^-k.
  const c = select<V>(ge<V>(k, splat<V>(2.0)), sub<V>(one, sub<V>(u, x)), sub<V>(x, sub<V>(u, one)));
  const c2 = mul<V>(c, ishl<V>(isub<V>(splatBits<V>(254), kb), 23));
  const inner = and<V>(ge<V>(x, splat<V>(SQRT_HALF_M1)), lt<V>(x, splat<V>(SQRT2_M1)));
  return log1pTail<V>(select<V>(inner, x, fu), select<V>(inner, splat<V>(0.0), k), select<V>(inner, splat<V>(0.0), c2));
}

/**
 * log1p(x) for x in [0, 1] (NaN stays NaN): the reduction of log1pFiniteP10 without the
 * bit manipulation, since k is 0 (x < √2 - 1, f = x) or 1 (f = (1+x)/2 - 1, exact).
 * The argument range of softplus and logsigmoid, log1p(e^-|z|). ≈0.8 ULP.
 */
@inline export function log1pUnitP10<V>(x: V): V {
  const one = splat<V>(1.0);
  const u = add<V>(x, one);
  const big = ge<V>(x, splat<V>(SQRT2_M1));
  const f = select<V>(big, mul<V>(sub<V>(u, splat<V>(2.0)), splat<V>(0.5)), x);
  // c = (1 + x) - u exactly; c·2^-1 where k = 1.
  const c2 = and<V>(big, mul<V>(sub<V>(x, sub<V>(u, one)), splat<V>(0.5)));
  return log1pTail<V>(f, and<V>(big, one), c2);
}

/** log1p(x) on the whole line: log1pFiniteP10, and -Inf at -1, NaN below, +Inf at +Inf. */
@inline export function log1pP10<V>(x: V): V {
  const m1 = splat<V>(-1.0);
  const below = select<V>(eq<V>(x, m1), splat<V>(-Infinity), splat<V>(NaN));
  const r = select<V>(le<V>(x, m1), below, log1pFiniteP10<V>(x));
  return select<V>(eq<V>(x, splat<V>(Infinity)), x, r);
}

