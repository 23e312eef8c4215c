// The normal distribution's tail (gelu, exact form; see index.ts):
//   normalTail(t)      = Q(t) = Φ(-t)             (1 - Φ, the upper tail)
//   normalTailSlope(t) = Q(t) - t·φ(t)            (gelu' = Φ(x) + x·φ(x) from it)
// for 0 ≤ t ≤ NORMAL_TAIL_MAX. Both are branch-free piecewise polynomials on four
// intervals, coefficients picked per lane from four-entry tables (lanes.pick4).
//
// normalTail: Q(t) = exp(-t²/2 + H(t)), H(t) = log(Q(t)·e^(t²/2)) = log of the Mills
// ratio scaled by φ, smooth and slowly varying (-0.69 at 0, -3.2 at 9.5). H is a degree-6
// polynomial in s = t - c per interval (intervals split at 1, 2.5, 4.5), written
// c0 + s·P5(s) with each centre c chosen so that H(c) is within 10^-3 ulp of the f32 c0
// (the constant then carries no rounding). -t²/2 is split exactly (hi + lo) and the parts
// meet only inside the exponential's range reduction (vecmath.expLowRr2P6Sum), so the
// result keeps its relative accuracy in the far tail. Fit: weighted minimax (Lawson) of
// the absolute error of H, ≤ 0.4·2^-24 where t·Q(t) ≥ 2^-20, relaxing below (the 'tail'
// accuracy class); the f32 evaluation adds ≈0.7·2^-24. Q(14.5) is exactly 0.
//
// normalTailSlope: e^(-t²/2)·W(t), W = Q·e^(t²/2) - t/√(2π), W a degree-6 polynomial per
// interval (split at 0.5, 1.2, 2.3) fitted for absolute error ≤ 2^-26·e^(t²/2) (the
// result is then within ≈2^-25 absolute; derivatives are held to 2^-24 absolute).

import { splat, splatBits, add, sub, mul, madd, and, interval4, pick4 } from "../lanes";
import { expLowRr2P6, expLowRr2P6Sum } from "./exp";

/** normalTail and normalTailSlope take t in [0, NORMAL_TAIL_MAX] (clamp before). */
export const NORMAL_TAIL_MAX: f32 = 14.5;

/** Q(t) = Φ(-t) = ½·erfc(t/√2) for t in [0, 14.5]; ≈1.5 ULP where t·Q(t) ≥ 2^-20. */
@inline export function normalTail<V>(t: V): V {
  const k = interval4<V>(t, 1.0, 2.5, 4.5);
  const s = sub<V>(t, pick4<V>(k, 0.5001155138015747, 1.7496910095214844, 3.500182867050171, 9.497217178344727));
  let u = pick4<V>(k, -6.339177343761548e-05, 3.006364931934513e-05, 1.015863108477788e-05, 8.971505849331152e-07);
  u = madd<V>(u, s, pick4<V>(k, -0.00033864635042846203, -0.0002879969251807779, -7.851487316656858e-05, 4.0030854506767355e-06));
  u = madd<V>(u, s, pick4<V>(k, 0.004292536526918411, 0.0019741449505090714, 0.0005545344320125878, 2.955403942905832e-05));
  u = madd<V>(u, s, pick4<V>(k, -0.02710038237273693, -0.01169824879616499, -0.003915390931069851, -0.00045404775300994515));
  u = madd<V>(u, s, pick4<V>(k, 0.13423077762126923, 0.06522540748119354, 0.028464388102293015, 0.004771151579916477));
  u = madd<V>(u, s, pick4<V>(k, -0.6410467028617859, -0.4037880599498749, -0.251380980014801, -0.10357341915369034));
  u = mul<V>(u, s);
  const c0 = pick4<V>(k, -1.0509858131408691, -1.686023235321045, -2.2411112785339355, -3.180732488632202);
  // -t²/2 = hi + lo exactly: th (t with 11 significant bits) squares exactly, and with
  // th² having at most 22 bits, hi - n·ln2_hi stays exact (expLowRr2P6Sum) for t ≥ 0.5.
  const th = and<V>(t, splatBits<V>(0xffffe000));
  const tl = sub<V>(t, th);
  const hi = mul<V>(mul<V>(th, splat<V>(-0.5)), th);
  const lo = mul<V>(mul<V>(tl, splat<V>(-0.5)), add<V>(t, th));
  return expLowRr2P6Sum<V>(hi, c0, u, lo);
}

/** Q(t) - t·φ(t) for t in [0, 14.5], within ≈2^-25 absolute (+0 at 14.5). */
@inline export function normalTailSlope<V>(t: V): V {
  const k = interval4<V>(t, 0.5, 1.2, 2.3);
  const s = sub<V>(t, pick4<V>(k, 0.25, 0.8500000238418579, 1.75, 8.399999618530273));
  let w = pick4<V>(k, 0.005689575802534819, 0.001460292492993176, 0.00025759515119716525, 6.313540325209033e-06);
  w = madd<V>(w, s, pick4<V>(k, -0.015211879275739193, -0.004336521495133638, -0.0008566879550926387, 9.531130490358919e-05));
  w = madd<V>(w, s, pick4<V>(k, 0.03724715858697891, 0.012004677206277847, 0.002813910134136677, 0.00040507345693185925));
  w = madd<V>(w, s, pick4<V>(k, -0.08429752290248871, -0.031419914215803146, -0.00907160621136427, -0.0014797474723309278));
  w = madd<V>(w, s, pick4<V>(k, 0.17008686065673828, 0.07476051896810532, 0.027178283780813217, -0.01614692062139511));
  w = madd<V>(w, s, pick4<V>(k, -0.6943765878677368, -0.5567651987075806, -0.4737292528152466, -0.4544256329536438));
  w = madd<V>(w, s, pick4<V>(k, 0.31429654359817505, -0.055431049317121506, -0.5129173398017883, -3.354717254638672));
  // e^(-t²/2) with t² rounded: its relative error t²·2^-25 costs D at most ≈0.23·2^-24.
  return mul<V>(expLowRr2P6<V>(mul<V>(mul<V>(t, t), splat<V>(-0.5))), w);
}
