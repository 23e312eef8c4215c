// The performance goals of issue 4 (G1–G10), evaluated on one benchmark run's results:
// each is a ratio of two medians measured side by side in the same run.
//
//   node bench/goals.mjs [bench/results.json]   prints the table (markdown)
//
// bench/report.mjs puts the same table into bench/results.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const Mi = 2 ** 20;
const Ki = 2 ** 10;
const TRANSCENDENTAL = ['sigmoid', 'tanh', 'elu', 'selu', 'celu', 'gelu', 'gelu(tanh)', 'silu', 'mish', 'softplus', 'logsigmoid', 'softsign', 'tanhshrink'];

/** One comparison: `num` on case `c` over `den` (an implementation id, or 'copy' rate). */
const r = (c, num, den, n = Mi) => ({ c, num, den, n });

export const GOALS = [
  { id: 'G1', text: 'sigmoid zero-copy ÷ tfjs-wasm op', min: 1.25, terms: [r('sigmoid', 'simd-zc', 'tfjs-wasm-op')] },
  { id: 'G2', text: 'sigmoid streamed ÷ tfjs-wasm op', min: 1.0, terms: [r('sigmoid', 'simd', 'tfjs-wasm-op')] },
  { id: 'G3', text: 'tanh, gelu, gelu(tanh), silu streamed ÷ ort-node', min: 1.25, terms: ['tanh', 'gelu', 'gelu(tanh)', 'silu'].map((c) => r(c, 'simd', 'ort-node')) },
  { id: 'G4', text: 'elu zero-copy ÷ tfjs-wasm op', min: 1.25, terms: [r('elu', 'simd-zc', 'tfjs-wasm-op')] },
  { id: 'G5', text: 'softplus streamed ÷ ort-node', min: 5, terms: [r('softplus', 'simd', 'ort-node')] },
  { id: 'G6', text: 'relu zero-copy ÷ copy rate (1 Mi; 16 Mi)', min: [0.75, 0.9], terms: [r('relu', 'simd-zc', 'copy'), r('relu', 'simd-zc', 'copy', 16 * Mi)] },
  { id: 'G7', text: 'relu streamed ÷ copy rate', min: 0.4, terms: [r('relu', 'simd', 'copy')] },
  { id: 'G8', text: 'every transcendental streamed ÷ naive JS (lowest)', min: 12, terms: TRANSCENDENTAL.map((c) => r(c, 'simd', 'naive')), lowest: true },
  { id: 'G9', text: 'sigmoid, tanh streamed ÷ tfjs-wasm e2e at 4 Ki', min: 3, terms: ['sigmoid', 'tanh'].map((c) => r(c, 'simd', 'tfjs-wasm-e2e', 4 * Ki)) },
  { id: 'G10', text: 'sigmoid backwardFromOutput zero-copy ÷ tfjs-wasm gradient op', min: 1.5, terms: [r('sigmoid.backwardFromOutput', 'simd-zc', 'tfjs-wasm-op')] },
];

function ratio(data, t) {
  const row = data.results[t.n]?.[t.c];
  const a = row?.[t.num]?.melems;
  const b = row?.[t.den]?.melems;
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined;
}

const f = (v) => (v === undefined ? 'not measured' : `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}×`);

/** Rows of { id, text, target, measured, met } for the run in `data` (results.json). */
export function evaluateGoals(data) {
  return GOALS.map((g) => {
    const mins = Array.isArray(g.min) ? g.min : g.terms.map(() => g.min);
    const values = g.terms.map((t) => ratio(data, t));
    const met = values.every((v, i) => v !== undefined && v >= mins[i]);
    let measured;
    if (g.lowest) {
      const known = values.map((v, i) => [v, g.terms[i].c]).filter(([v]) => v !== undefined).sort((a, b) => a[0] - b[0]);
      measured = known.length ? `${f(known[0][0])} (${known[0][1]}); median ${f(known[Math.floor(known.length / 2)][0])}` : 'not measured';
    } else {
      measured = values.map((v, i) => (g.terms.length > 1 ? `${g.terms[i].n === 16 * Mi ? '16 Mi' : g.terms[i].c} ${f(v)}` : f(v))).join(', ');
    }
    const target = Array.isArray(g.min) ? g.min.map((m) => `≥ ${m}×`).join('; ') : `≥ ${g.min}×`;
    return { id: g.id, text: g.text, target, measured, met };
  });
}

/** The goals table in markdown. */
export function goalsTable(data) {
  const rows = evaluateGoals(data);
  return [
    '| goal | ratio (n = 1 Mi unless noted) | target | measured | met |',
    '|---|---|---|---|---|',
    ...rows.map((g) => `| ${g.id} | ${g.text} | ${g.target} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('./results.json', import.meta.url));
  console.log(goalsTable(JSON.parse(readFileSync(file, 'utf8'))));
}
