// The baseline of the benchmark: the plain loop a user would write by hand, one per
// activation, with its options `o` (PyTorch semantics). Activations without a short
// exact formula here (gelu's erf form, for one) are benchmarked without this bar.

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export const NAIVE = {
  relu: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0; },
  relu6: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0), 6); },
  leakyRelu: (x, y, o) => { const s = o.negativeSlope; for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : s * x[i]; },
  elu: (x, y, o) => { const a = o.alpha; for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : a * (Math.exp(x[i]) - 1); },
  selu: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = SELU_SCALE * (x[i] > 0 ? x[i] : SELU_ALPHA * (Math.exp(x[i]) - 1)); },
  celu: (x, y, o) => { const a = o.alpha; for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : a * (Math.exp(x[i] / a) - 1); },
  sigmoid: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]); },
  silu: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] / (1 + Math.exp(-x[i])); },
  mish: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] * Math.tanh(Math.log1p(Math.exp(x[i]))); },
  hardsigmoid: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i] / 6 + 0.5, 0), 1); },
  hardswish: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = (x[i] * Math.min(Math.max(x[i] + 3, 0), 6)) / 6; },
  hardtanh: (x, y, o) => { const lo = o.minVal; const hi = o.maxVal; for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], lo), hi); },
  softplus: (x, y, o) => {
    const b = o.beta; const t = o.threshold;
    for (let i = 0; i < x.length; i++) y[i] = b * x[i] > t ? x[i] : Math.log1p(Math.exp(b * x[i])) / b;
  },
  logsigmoid: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = -Math.log1p(Math.exp(-x[i])); },
  softsign: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] / (1 + Math.abs(x[i])); },
  tanhshrink: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] - Math.tanh(x[i]); },
  softshrink: (x, y, o) => { const l = o.lambd; for (let i = 0; i < x.length; i++) y[i] = x[i] > l ? x[i] - l : x[i] < -l ? x[i] + l : 0; },
  hardshrink: (x, y, o) => { const l = o.lambd; for (let i = 0; i < x.length; i++) y[i] = x[i] > l || x[i] < -l ? x[i] : 0; },
  threshold: (x, y, o) => { const t = o.threshold; const v = o.value; for (let i = 0; i < x.length; i++) y[i] = x[i] > t ? x[i] : v; },
  gelu: (x, y, o) => {
    if (o.approximate !== 'tanh') return false;
    const k = Math.sqrt(2 / Math.PI);
    for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i] * (1 + Math.tanh(k * (x[i] + 0.044715 * x[i] ** 3)));
    return true;
  },
};

/** The naive loop for `name` with options `o`, or undefined where there is none. */
export function naiveLoop(name, o) {
  const f = NAIVE[name];
  if (!f) return undefined;
  if (f(new Float32Array(1), new Float32Array(1), o) === false) return undefined;
  return (x, y) => f(x, y, o);
}
