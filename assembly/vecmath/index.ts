// The shared vector math core: every kernel that needs exp, expm1, log1p or the normal
// tail calls these; there is no second copy of any approximation. All functions are
// generic over the lane type V (see lanes.ts), branch-free, and keep NaN inputs NaN.
//
//   exp.ts      exp (expRr2P6, expLowRr2P6, expSatRr2P6, expNegAbs, expRr2P6HiLo,
//               expMulRr2P6, expLowRr2P6Sum, expOddCubicWide, expOddCubicMulWide), expm1
//               (expm1Rr2P6, expm1MulRr2P6, expm1MulRr2P6HiLo), 1 − e^x (oneMinusExpRr2P6);
//               the polynomials expPoly, expm1Poly
//   log.ts      log1p (log1pP10, log1pFiniteP10, log1pUnitP10)
//   normal.ts   the normal tail Φ(-t) and Φ(-t) - t·φ(t) (normalTail, normalTailSlope)
//   helpers.ts  horner8, splitHi, twoProdLo, quotientLo, logisticBell
//
// Names follow XNNPACK's convention: rr2 = two-constant Cody–Waite range reduction,
// pN = polynomial of degree N.

export * from "./exp";
export * from "./log";
export * from "./normal";
export * from "./helpers";
