// The loop a user would write by hand, one per activation and pass, with the activation's
// options (PyTorch semantics and defaults): float64 math writing into a preallocated
// Float32Array. The single table behind the demo page's naive bar (demo/bench.js), the
// benchmark's naive column (bench/cases.mjs) and `npm start` (scripts/demo.mjs). A plain ES
// module with no imports, so the page loads it as is.
//
// Signatures: forward (x, y, o); backward (dy, x, dx, o), dx = dy·f'(x); from output
// (dy, y, dx, o), dx = dy·f'(x) with f'(x) written through y = f(x). `o` holds the options;
// a missing option takes the default of DEFAULTS. softmax, logSoftmax, softmin and glu work
// over rows of o.rowLength elements.

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** PyTorch's defaults for the options the loops read. */
export const DEFAULTS = {
  leakyRelu: { negativeSlope: 0.01 },
  hardtanh: { minVal: -1, maxVal: 1 },
  hardsigmoid: { alpha: 1 / 6, beta: 0.5 },
  softshrink: { lambd: 0.5 },
  hardshrink: { lambd: 0.5 },
  threshold: { threshold: 0, value: 0 },
  elu: { alpha: 1 },
  celu: { alpha: 1 },
  softplus: { beta: 1, threshold: 20 },
  gelu: { approximate: 'none' },
  prelu: { weight: 0.25 },
  rrelu: { lower: 1 / 8, upper: 1 / 3 },
};

/** Abramowitz–Stegun 7.1.26 erf (|error| ≤ 1.5e-7), the usual hand-written one. */
export function erf(x) {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return s * (1 - p * Math.exp(-a * a));
}

/** Softmax (or log-softmax; of -x for softmin) over consecutive rows of `row` elements. */
function softmaxRows(x, y, row, log, sign) {
  for (let r = 0; r < x.length; r += row) {
    let max = -Infinity;
    for (let i = r; i < r + row; i++) if (sign * x[i] > max) max = sign * x[i];
    let sum = 0;
    for (let i = r; i < r + row; i++) sum += Math.exp(sign * x[i] - max);
    if (log) {
      const lse = max + Math.log(sum);
      for (let i = r; i < r + row; i++) y[i] = sign * x[i] - lse;
    } else {
      for (let i = r; i < r + row; i++) y[i] = Math.exp(sign * x[i] - max) / sum;
    }
  }
}

/** rrelu in eval mode: the mean slope (lower + upper) / 2. */
const rreluSlope = (o) => ((o.lower ?? 1 / 8) + (o.upper ?? 1 / 3)) / 2;

/** Forward loops y = f(x), by function name. */
export const NAIVE = {
  relu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : 0; } },
  leakyRelu(x, y, o = {}) {
    const s = o.negativeSlope ?? 0.01;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : s * v; }
  },
  sigmoid(x, y) { for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh(x, y) { for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]); },
  relu6(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < 0 ? 0 : v > 6 ? 6 : v; } },
  elu(x, y, o = {}) {
    const a = o.alpha ?? 1;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : a * (Math.exp(v) - 1); }
  },
  selu(x, y) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = SELU_SCALE * (v > 0 ? v : SELU_ALPHA * (Math.exp(v) - 1)); }
  },
  celu(x, y, o = {}) {
    const a = o.alpha ?? 1;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : a * (Math.exp(v / a) - 1); }
  },
  gelu(x, y, o = {}) {
    if (o.approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
      }
    } else {
      for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = 0.5 * v * (1 + erf(v * INV_SQRT_2)); }
    }
  },
  silu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v / (1 + Math.exp(-v)); } },
  mish(x, y) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v * Math.tanh(v > 20 ? v : Math.log1p(Math.exp(v))); }
  },
  softplus(x, y, o = {}) {
    const b = o.beta ?? 1;
    const t = o.threshold ?? 20;
    for (let i = 0; i < x.length; i++) { const v = b * x[i]; y[i] = v > t ? x[i] : Math.log1p(Math.exp(v)) / b; }
  },
  logsigmoid(x, y) { for (let i = 0; i < x.length; i++) y[i] = -Math.log1p(Math.exp(-x[i])); },
  softsign(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v / (1 + Math.abs(v)); } },
  hardsigmoid(x, y, o = {}) {
    const a = o.alpha ?? 1 / 6;
    const b = o.beta ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = a * x[i] + b; y[i] = v < 0 ? 0 : v > 1 ? 1 : v; }
  },
  hardswish(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6; } },
  hardtanh(x, y, o = {}) {
    const lo = o.minVal ?? -1;
    const hi = o.maxVal ?? 1;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < lo ? lo : v > hi ? hi : v; }
  },
  tanhshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v - Math.tanh(v); } },
  softshrink(x, y, o = {}) {
    const l = o.lambd ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > l ? v - l : v < -l ? v + l : 0; }
  },
  hardshrink(x, y, o = {}) {
    const l = o.lambd ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > l || v < -l ? v : 0; }
  },
  threshold(x, y, o = {}) {
    const t = o.threshold ?? 0;
    const value = o.value ?? 0;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > t ? v : value; }
  },
  prelu(x, y, o = {}) {
    const w = o.weight ?? 0.25;
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : w * v; }
  },
  rrelu(x, y, o = {}) {
    const s = rreluSlope(o);
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : s * v; }
  },
  softmax(x, y, o) { softmaxRows(x, y, o.rowLength, false, 1); },
  logSoftmax(x, y, o) { softmaxRows(x, y, o.rowLength, true, 1); },
  softmin(x, y, o) { softmaxRows(x, y, o.rowLength, false, -1); },
  /** glu over rows: each row's halves a, b give an output row a·σ(b) of half the length. */
  glu(x, y, o) {
    const row = o.rowLength;
    const h = row >> 1;
    for (let r = 0, out = 0; r < x.length; r += row, out += h) {
      for (let i = 0; i < h; i++) y[out + i] = x[r + i] / (1 + Math.exp(-x[r + h + i]));
    }
  },
};

/** Backward loops dx = dy·f'(x), by function name. */
export const NAIVE_BACKWARD = {
  relu(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0; },
  leakyRelu(dy, x, dx, o = {}) {
    const s = o.negativeSlope ?? 0.01;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : s * dy[i];
  },
  sigmoid(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const s = 1 / (1 + Math.exp(-x[i])); dx[i] = dy[i] * s * (1 - s); }
  },
  tanh(dy, x, dx) { for (let i = 0; i < x.length; i++) { const t = Math.tanh(x[i]); dx[i] = dy[i] * (1 - t * t); } },
  gelu(dy, x, dx, o = {}) {
    if (o.approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const t = Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v));
        dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v));
      }
    } else {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        dx[i] = dy[i] * (0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
    }
  },
  silu(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; const s = 1 / (1 + Math.exp(-v)); dx[i] = dy[i] * s * (1 + v * (1 - s)); }
  },
  relu6(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0 && v < 6 ? dy[i] : 0; } },
  hardtanh(dy, x, dx, o = {}) {
    const lo = o.minVal ?? -1;
    const hi = o.maxVal ?? 1;
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > lo && v < hi ? dy[i] : 0; }
  },
  hardsigmoid(dy, x, dx, o = {}) {
    const a = o.alpha ?? 1 / 6;
    const b = o.beta ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = a * x[i] + b; dx[i] = v > 0 && v < 1 ? a * dy[i] : 0; }
  },
  hardswish(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v < -3 ? 0 : v >= 3 ? dy[i] : (dy[i] * (2 * v + 3)) / 6; }
  },
  softshrink(dy, x, dx, o = {}) {
    const l = o.lambd ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > l || v < -l ? dy[i] : 0; }
  },
  hardshrink(dy, x, dx, o = {}) {
    const l = o.lambd ?? 0.5;
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > l || v < -l ? dy[i] : 0; }
  },
  threshold(dy, x, dx, o = {}) {
    const t = o.threshold ?? 0;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > t ? dy[i] : 0;
  },
  prelu(dy, x, dx, o = {}) {
    const w = o.weight ?? 0.25;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : w * dy[i];
  },
  rrelu(dy, x, dx, o = {}) {
    const s = rreluSlope(o);
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : s * dy[i];
  },
  /** glu over rows (dy has half x's length): da = dy·σ(b), db = dy·a·σ(b)(1 − σ(b)). */
  glu(dy, x, dx, o) {
    const row = o.rowLength;
    const h = row >> 1;
    for (let r = 0, out = 0; r < x.length; r += row, out += h) {
      for (let i = 0; i < h; i++) {
        const s = 1 / (1 + Math.exp(-x[r + h + i]));
        dx[r + i] = dy[out + i] * s;
        dx[r + h + i] = dy[out + i] * x[r + i] * s * (1 - s);
      }
    }
  },
};

/** Backward-from-output loops dx = dy·f'(f⁻¹(y)), by function name. */
export const NAIVE_FROM_OUTPUT = {
  sigmoid(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = dy[i] * v * (1 - v); } },
  tanh(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = dy[i] * (1 - v * v); } },
};

const TABLES = { forward: NAIVE, backward: NAIVE_BACKWARD, backwardFromOutput: NAIVE_FROM_OUTPUT };

/**
 * The naive loop of `name` in `mode` ('forward', 'backward' or 'backwardFromOutput') with
 * options `o` bound: (x, y) for forward, (dy, x, dx) otherwise; undefined where there is none.
 */
export function naiveLoop(name, o = {}, mode = 'forward') {
  const f = TABLES[mode]?.[name];
  if (!f) return undefined;
  return mode === 'forward' ? (x, y) => f(x, y, o) : (dy, x, dx) => f(dy, x, dx, o);
}
