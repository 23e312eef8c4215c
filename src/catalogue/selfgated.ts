// Gated and smooth self-gated activations: silu (swish), mish, gelu.

import type { ElementwiseSpec } from './types.js';
import * as math from './math.js';

const { erfcx, expNegSquare, normalCdfNear, normalCdfNearPlusDensity, normalTail, select } = math; // local copies: see math.ts

const FAMILY = 'Gated and smooth self-gated (SiLU, Mish, GELU)';

/** x below which silu, mish and gelu are 0 in float64 (and -Infinity gives 0, not NaN). */
const NEG_LIMIT = -1000;

export const silu: ElementwiseSpec = {
  name: 'silu',
  aliases: ['swish'],
  family: FAMILY,
  formula: 'x·σ(x)',
  params: [],
  accuracy: 'smooth',
  // x·e/(1 + e) for x < 0, x/(1 + e) otherwise, e = exp(-|x|); -Inf clamped (e = 0 there),
  // so that it gives -0, not NaN.
  forward: (x) => {
    const v = Math.max(x, -1e300);
    const e = Math.exp(-Math.abs(v));
    return (v * select(+(v < 0), e, 1)) / (1 + e);
  },
  // σ(1 + x(1 - σ)) as one fraction in e = exp(-|x|): e·(1 + e + x)/(1 + e)² for x < 0,
  // (1 + e + x·e)/(1 + e)² otherwise; x clamped to ±1000 (e = 0 there), so that ±Inf give 0, 1.
  derivative: (x) => {
    const v = Math.min(Math.max(x, NEG_LIMIT), -NEG_LIMIT);
    const e = Math.exp(-Math.abs(v));
    const p = 1 + e;
    return select(+(v < 0), e * (p + v), p + v * e) / (p * p);
  },
};

/**
 * tanh(softplus x) = n/d without log or tanh, from e = exp(-|x|):
 * e(e+2)/(e(e+2) + 2) for x < 0, (1+2e)/(1+2e+2e²) otherwise.
 */
function mishParts(x: number): { e: number; n: number; d: number } {
  const e = Math.exp(-Math.abs(x));
  if (x < 0) {
    const n = e * (e + 2);
    return { e, n, d: n + 2 };
  }
  const n = 1 + 2 * e;
  return { e, n, d: n + 2 * e * e };
}

export const mish: ElementwiseSpec = {
  name: 'mish',
  family: FAMILY,
  formula: 'x·tanh(softplus(x))',
  params: [],
  accuracy: 'tail',
  forward: (x) => {
    if (x < NEG_LIMIT) return -0;
    const { n, d } = mishParts(x);
    return (x * n) / d;
  },
  // T + x·σ·(1 - T²) = [n·d·(1+e) + x·s·g·(d+n)] / [d²·(1+e)], g = d - n, s = e or 1.
  derivative: (x) => {
    if (!(Math.abs(x) < -NEG_LIMIT)) return x > 0 ? 1 : x < 0 ? 0 : NaN;
    const { e, n, d } = mishParts(x);
    const p = 1 + e;
    const sg = x < 0 ? 2 * e : 2 * e * e;
    return (n * d * p + x * sg * (d + n)) / (d * d * p);
  },
};

/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014327;
/** 2√(2/π) and 2√(2/π)·0.044715: v = x·(K1 + K2·x²) = 2u in PyTorch's tanh form. */
const K1 = 1.5957691216057308;
const K2 = K1 * 0.044715;

/** x·Φ(x); Φ(x) = P for x < 0, 1 - P otherwise, P = Φ(-|x|) (from the table below 8). */
function geluExact(x: number): number {
  const t = Math.abs(x);
  if (t < 8) {
    const p = normalCdfNear(-t);
    return x * select(+(x < 0), p, 1 - p);
  }
  if (x < 0) return x < NEG_LIMIT ? -0 : x * normalTail(-x);
  return x * (1 - normalTail(x));
}

/**
 * Φ(x) + x·φ(x) = D for x < 0, 1 - D otherwise, D = Φ(-t) - t·φ(t), t = |x|: from the
 * table below 8, else D = e^(-t²/2)·(erfcx(t/√2)/2 - t/√(2π)).
 */
function geluExactDerivative(x: number): number {
  const t = Math.abs(x);
  if (t < 8) {
    const d = normalCdfNearPlusDensity(-t);
    return select(+(x < 0), d, 1 - d);
  }
  const d = t > 40 ? 0 : expNegSquare(t, 0.5) * (0.5 * erfcx(t * Math.SQRT1_2) - t * INV_SQRT_2PI);
  return x < 0 ? d : x >= 0 ? 1 - d : NaN;
}

/** x·σ(v): x·e/(1+e) for x < 0, x/(1+e) otherwise, e = exp(-|v|). */
function geluTanh(x: number): number {
  if (x < NEG_LIMIT) return -0;
  const e = Math.exp(-Math.abs(x * (K1 + K2 * x * x)));
  return (x * select(+(x < 0), e, 1)) / (1 + e);
}

/** [s·(1+e) + x·e·v'] / (1+e)², s = e for x < 0 else 1, v' = K1 + 3·K2·x². */
function geluTanhDerivative(x: number): number {
  if (!(Math.abs(x) < -NEG_LIMIT)) return x > 0 ? 1 : x < 0 ? 0 : NaN;
  const e = Math.exp(-Math.abs(x * (K1 + K2 * x * x)));
  const p = 1 + e;
  return (select(+(x < 0), e, 1) * p + x * e * (K1 + 3 * K2 * x * x)) / (p * p);
}

export const gelu: ElementwiseSpec = {
  name: 'gelu',
  family: FAMILY,
  formula: "x·Φ(x) (approximate 'none'); ½x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (approximate 'tanh')",
  params: [{
    name: 'approximate',
    default: 'none',
    choices: ['none', 'tanh'],
    doc: "'none': the exact erf form; 'tanh': PyTorch's tanh approximation",
  }],
  // The JS functions learn the form from a (1: tanh); the wasm kernels are separate.
  kernelArgs: ([approximate]) => [approximate === 'tanh' ? 1 : 0, 0],
  kernel: ([approximate]) => (approximate === 'tanh' ? 'geluTanh' : 'gelu'),
  accuracy: 'tail',
  forward: (x, a) => (a === 1 ? geluTanh(x) : geluExact(x)),
  derivative: (x, a) => (a === 1 ? geluTanhDerivative(x) : geluExactDerivative(x)),
};
