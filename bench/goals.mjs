// The single-thread performance goals G1–G12 (issue 11), evaluated on one bench run per
// runtime: each is a ratio of two medians measured side by side in the same run, except
// G11, which compares the Node runtimes with one another. They are benchmark goals, never
// timed tests; bench/report.mjs prints them in results.md (not in the README).

import { sizeLabel } from './stats.mjs';

const Mi = 2 ** 20;
const Ki = 2 ** 10;
/** The activations whose kernels evaluate exp, log, tanh or erf. */
export const TRANSCENDENTAL = ['sigmoid', 'tanh', 'elu', 'selu', 'celu', 'gelu', 'gelu(tanh)', 'silu', 'mish', 'softplus',
  'logsigmoid', 'softsign', 'tanhshrink'];

/** One comparison: implementation `num` on case `c` over implementation `den`, at n. */
const r = (c, num, den, n = Mi) => ({ c, num, den, n });
const NODE = /^node\d+$/;

export const GOALS = [
  { id: 'G1', text: 'sigmoid zero-copy ÷ tfjs-wasm op', min: 1.5, terms: [r('sigmoid', 'simd-zc', 'tfjs-wasm-op')] },
  { id: 'G2', text: 'sigmoid streamed ÷ tfjs-wasm op', min: 1.2, terms: [r('sigmoid', 'simd', 'tfjs-wasm-op')] },
  { id: 'G3', text: 'tanh, gelu, gelu(tanh), silu streamed ÷ onnxruntime-node', min: 1.0, terms: ['tanh', 'gelu', 'gelu(tanh)', 'silu'].map((c) => r(c, 'simd', 'ort-node')) },
  { id: 'G4', text: 'elu zero-copy ÷ tfjs-wasm op', min: 1.5, terms: [r('elu', 'simd-zc', 'tfjs-wasm-op')] },
  { id: 'G5', text: 'softplus streamed ÷ onnxruntime-node', min: 5, terms: [r('softplus', 'simd', 'ort-node')] },
  { id: 'G6', text: 'relu zero-copy ÷ copy rate (1 Mi; 16 Mi)', min: 0.9, terms: [r('relu', 'simd-zc', 'copy'), r('relu', 'simd-zc', 'copy', 16 * Mi)] },
  { id: 'G7', text: 'relu streamed ÷ copy rate', min: 0.4, terms: [r('relu', 'simd', 'copy')] },
  { id: 'G8', text: 'every transcendental activation streamed ÷ naive JS (lowest)', min: 12, terms: TRANSCENDENTAL.map((c) => r(c, 'simd', 'naive')), lowest: true },
  { id: 'G9', text: 'sigmoid, tanh streamed ÷ tfjs-wasm e2e at 4 Ki', min: 3, terms: ['sigmoid', 'tanh'].map((c) => r(c, 'simd', 'tfjs-wasm-e2e', 4 * Ki)) },
  { id: 'G10', text: 'sigmoid backwardFromOutput zero-copy ÷ tfjs-wasm gradient op', min: 3, terms: [r('sigmoid.backwardFromOutput', 'simd-zc', 'tfjs-wasm-op')] },
  { id: 'G11', text: 'no Node left behind: each case zero-copy on this Node ÷ the fastest Node (lowest)', min: 0.85, acrossNode: true },
  { id: 'G12', text: 'pkg js backend ÷ naive JS, every case (lowest)', min: 0.9, every: ['js', 'naive'] },
];

const rate = (data, n, c, impl) => data.results[n]?.[c]?.[impl]?.melems;

function ratio(data, t) {
  const a = rate(data, t.n, t.c, t.num);
  const b = rate(data, t.n, t.c, t.den);
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined;
}

export const times = (v) => (v === undefined ? '–' : `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}×`);

/** The lowest of [value, label] pairs, as text, and whether it meets `min`. */
function lowest(pairs, min) {
  const known = pairs.filter(([v]) => v !== undefined).sort((a, b) => a[0] - b[0]);
  if (!known.length) return undefined;
  return { text: `${times(known[0][0])} (${known[0][1]})`, met: known[0][0] >= min };
}

/** One goal on one runtime: { text, met } or undefined when not measured there. */
function evaluate(g, data, all) {
  if (g.acrossNode) {
    if (!NODE.test(data.runtime)) return undefined;
    const nodes = all.filter((d) => NODE.test(d.runtime) && d.results[Mi]);
    if (nodes.length < 2) return undefined;
    const pairs = data.cases.map((c) => {
      const mine = rate(data, Mi, c.id, 'simd-zc');
      const best = Math.max(...nodes.map((d) => rate(d, Mi, c.id, 'simd-zc') ?? 0));
      return [mine && best ? mine / best : undefined, c.id];
    });
    return lowest(pairs, g.min);
  }
  if (g.every) return lowest(data.cases.map((c) => [ratio(data, r(c.id, ...g.every)), c.id]), g.min);
  const values = g.terms.map((t) => ratio(data, t));
  if (values.every((v) => v === undefined)) return undefined;
  if (g.lowest) return lowest(values.map((v, i) => [v, g.terms[i].c]), g.min);
  const sameCase = g.terms.every((t) => t.c === g.terms[0].c);
  const label = (t) => `${sameCase ? sizeLabel(t.n) : t.c} `;
  return {
    text: values.map((v, i) => (g.terms.length > 1 ? label(g.terms[i]) : '') + times(v)).join(', '),
    met: values.every((v) => v !== undefined && v >= g.min),
  };
}

/** The goals table (markdown) over the runtimes in `all` (each one runtime's results data). */
export function goalsTable(all) {
  const head = ['goal', 'ratio (n = 1 Mi unless noted)', 'target', ...all.map((d) => d.runtime)];
  const rows = GOALS.map((g) => [g.id, g.text, `≥ ${g.min}×`, ...all.map((d) => {
    const e = evaluate(g, d, all);
    return e ? `${e.text} ${e.met ? 'yes' : '**no**'}` : '–';
  })]);
  return [head, head.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
