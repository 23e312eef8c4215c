// The benchmark cases: which exported function to call, with which options and in which
// mode, and the obvious JavaScript loop a user would write for the same thing (float64
// math, writing into a preallocated Float32Array). Cases whose function the package does
// not export yet are skipped, so new activations show up here without bench changes.
//
// naive signatures: forward (x, y); backward (dy, x, dx); from output (dy, y, dx).

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const ROW = 1024;
/** rrelu's slope in eval mode: (lower + upper) / 2 with PyTorch's defaults 1/8, 1/3. */
const RRELU_EVAL = (1 / 8 + 1 / 3) / 2;

/** Abramowitz–Stegun 7.1.26 erf (|error| ≤ 1.5e-7), the usual hand-written one. */
function erf(x) {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return s * (1 - p * Math.exp(-a * a));
}

function softplus1(v) {
  return v > 20 ? v : Math.log1p(Math.exp(v));
}

/** Softmax (or log-softmax; of -x for softmin) over consecutive rows of ROW elements. */
function softmaxRows(x, y, log, sign = 1) {
  for (let r = 0; r < x.length; r += ROW) {
    let max = -Infinity;
    for (let i = r; i < r + ROW; i++) if (sign * x[i] > max) max = sign * x[i];
    let sum = 0;
    for (let i = r; i < r + ROW; i++) sum += Math.exp(sign * x[i] - max);
    if (log) {
      const lse = max + Math.log(sum);
      for (let i = r; i < r + ROW; i++) y[i] = sign * x[i] - lse;
    } else {
      for (let i = r; i < r + ROW; i++) y[i] = Math.exp(sign * x[i] - max) / sum;
    }
  }
}

/** Forward naive loops, by function name. */
export const NAIVE = {
  relu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : 0; } },
  leakyRelu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : 0.01 * v; } },
  sigmoid(x, y) { for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh(x, y) { for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]); },
  relu6(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < 0 ? 0 : v > 6 ? 6 : v; } },
  elu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : Math.exp(v) - 1; } },
  selu(x, y) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = SELU_SCALE * (v > 0 ? v : SELU_ALPHA * (Math.exp(v) - 1)); }
  },
  celu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = Math.max(0, v) + Math.min(0, Math.exp(v) - 1); } },
  gelu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = 0.5 * v * (1 + erf(v * INV_SQRT_2)); } },
  geluTanh(x, y) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
    }
  },
  silu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v / (1 + Math.exp(-v)); } },
  mish(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v * Math.tanh(softplus1(v)); } },
  softplus(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 20 ? v : Math.log1p(Math.exp(v)); } },
  logsigmoid(x, y) { for (let i = 0; i < x.length; i++) y[i] = -Math.log1p(Math.exp(-x[i])); },
  softsign(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v / (1 + Math.abs(v)); } },
  hardsigmoid(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v <= -3 ? 0 : v >= 3 ? 1 : v / 6 + 0.5; } },
  hardswish(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6; } },
  hardtanh(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < -1 ? -1 : v > 1 ? 1 : v; } },
  tanhshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v - Math.tanh(v); } },
  softshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0; } },
  hardshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 || v < -0.5 ? v : 0; } },
  threshold(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.1 ? v : 0; } },
  prelu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : 0.25 * v; } },
  softmax(x, y) { softmaxRows(x, y, false); },
  logSoftmax(x, y) { softmaxRows(x, y, true); },
  softmin(x, y) { softmaxRows(x, y, false, -1); },
  rrelu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : RRELU_EVAL * v; } },
  /** glu over rows of ROW: each row's halves a, b give an output row a·σ(b) of ROW/2. */
  glu(x, y) {
    const h = ROW >> 1;
    for (let r = 0, o = 0; r < x.length; r += ROW, o += h) {
      for (let i = 0; i < h; i++) y[o + i] = x[r + i] / (1 + Math.exp(-x[r + h + i]));
    }
  },
};

/** Backward naive loops dx = dy·f'(x), by function name (the demo uses these too). */
export const NAIVE_BACKWARD = {
  relu(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0; },
  leakyRelu(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0.01 * dy[i]; },
  sigmoid(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const s = 1 / (1 + Math.exp(-x[i])); dx[i] = dy[i] * s * (1 - s); }
  },
  tanh(dy, x, dx) { for (let i = 0; i < x.length; i++) { const t = Math.tanh(x[i]); dx[i] = dy[i] * (1 - t * t); } },
  gelu(dy, x, dx) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      dx[i] = dy[i] * (0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
    }
  },
  silu(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; const s = 1 / (1 + Math.exp(-v)); dx[i] = dy[i] * s * (1 + v * (1 - s)); }
  },
  relu6(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0 && v < 6 ? dy[i] : 0; } },
  hardtanh(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > -1 && v < 1 ? dy[i] : 0; } },
  hardsigmoid(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > -3 && v < 3 ? dy[i] / 6 : 0; } },
  hardswish(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v < -3 ? 0 : v >= 3 ? dy[i] : (dy[i] * (2 * v + 3)) / 6; }
  },
  softshrink(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0.5 || v < -0.5 ? dy[i] : 0; } },
  hardshrink(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0.5 || v < -0.5 ? dy[i] : 0; } },
  threshold(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0.1 ? dy[i] : 0; },
  prelu(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0.25 * dy[i]; },
  rrelu(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : RRELU_EVAL * dy[i]; },
  /** glu over rows of ROW (dy has half x's length): da = dy·σ(b), db = dy·a·σ(b)(1 − σ(b)). */
  glu(dy, x, dx) {
    const h = ROW >> 1;
    for (let r = 0, o = 0; r < x.length; r += ROW, o += h) {
      for (let i = 0; i < h; i++) {
        const s = 1 / (1 + Math.exp(-x[r + h + i]));
        dx[r + i] = dy[o + i] * s;
        dx[r + h + i] = dy[o + i] * x[r + i] * s * (1 - s);
      }
    }
  },
};

/** Backward-from-output naive loops dx = dy·f'(f⁻¹(y)), by function name. */
export const NAIVE_FROM_OUTPUT = {
  sigmoid(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = dy[i] * v * (1 - v); } },
  tanh(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = dy[i] * (1 - v * v); } },
};

const fwd = (fn, opts = {}, extra = {}) => ({
  id: fn, fn, opts, mode: 'forward', inputs: ['x'], naive: NAIVE[fn], ...extra,
});
const bwd = (fn, opts = {}) => ({
  id: `${fn}.backward`, fn, opts, mode: 'backward', inputs: ['dy', 'x'], naive: NAIVE_BACKWARD[fn],
});
const bwdY = (fn, opts = {}) => ({
  id: `${fn}.backwardFromOutput`, fn, opts, mode: 'backwardFromOutput', inputs: ['dy', 'y'],
  naive: NAIVE_FROM_OUTPUT[fn], forwardOf: NAIVE[fn],
});

/** Every case, in report order. Peers look cases up by id. */
export const CASES = [
  fwd('relu'),
  fwd('leakyRelu'),
  fwd('sigmoid'),
  fwd('tanh'),
  fwd('relu6'),
  fwd('elu'),
  fwd('selu'),
  fwd('celu'),
  fwd('gelu', { approximate: 'none' }),
  fwd('gelu', { approximate: 'tanh' }, { id: 'gelu(tanh)', naive: NAIVE.geluTanh }),
  fwd('silu'),
  fwd('mish'),
  fwd('softplus'),
  fwd('logsigmoid'),
  fwd('softsign'),
  fwd('hardsigmoid'),
  fwd('hardswish'),
  fwd('hardtanh'),
  fwd('tanhshrink'),
  fwd('softshrink'),
  fwd('hardshrink'),
  fwd('threshold', { threshold: 0.1, value: 0 }),
  fwd('prelu', { weight: 0.25 }),
  fwd('softmax', { rowLength: ROW }),
  fwd('logSoftmax', { rowLength: ROW }),
  fwd('softmin', { rowLength: ROW }),
  fwd('rrelu'),
  fwd('glu', { rowLength: ROW }, { outLength: (n) => n >> 1 }),
  bwdY('sigmoid'),
  bwdY('tanh'),
  bwd('gelu'),
  bwd('silu'),
  bwd('relu'),
];

/** The exported function a case calls, or undefined when the package lacks it. */
export function target(W, c) {
  const f = W[c.fn];
  if (typeof f !== 'function') return undefined;
  if (c.mode === 'forward') return f;
  return typeof f[c.mode] === 'function' ? f[c.mode] : undefined;
}

/** The cases the package can run now (optionally only those whose id is in `ids`). */
export function availableCases(W, ids) {
  const unknown = ids?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  return CASES.filter((c) => (!ids || ids.includes(c.id)) && target(W, c));
}
