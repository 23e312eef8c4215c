// Turns runs into reports: one runtime's data (results-<runtime>.json) into its console
// tables and results-<runtime>.{md,svg}, and every runtime in a folder into results.md, the
// index with the goals (bench/goals.mjs).
//
//   node bench/report.mjs [DIR]   rewrites DIR's reports from its results-*.json (default bench/)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalsTable } from './goals.mjs';
import { REPORT_ORDER } from './runtimes.mjs';
import { chart } from './svg.mjs';
import { fmt, median, sizeLabel } from './stats.mjs';
import { TIMING } from './sampler.mjs';

export { fmt, sizeLabel };

/** Ratio columns: numerator ÷ denominator implementation ids (short: console header). */
export const RATIOS = [
  { label: 'zero-copy ÷ naive', num: 'simd-zc', den: 'naive', short: 'zc/naive' },
  { label: 'streamed ÷ naive', num: 'simd', den: 'naive', short: 'simd/naive' },
  { label: 'streamed (new arrays) ÷ naive', num: 'simd-new', den: 'naive', short: 'new/naive' },
  { label: 'zero-copy ÷ copy', num: 'simd-zc', den: 'copy', short: 'zc/copy' },
  { label: 'zero-copy ÷ tfjs-wasm op', num: 'simd-zc', den: 'tfjs-wasm-op', short: 'zc/tfw-op' },
  { label: 'streamed ÷ tfjs-wasm e2e', num: 'simd', den: 'tfjs-wasm-e2e', short: 'simd/tfw-e2e' },
  { label: 'zero-copy ÷ tfjs-cpu op', num: 'simd-zc', den: 'tfjs-cpu-op', short: 'zc/tfc-op' },
  { label: 'streamed ÷ ort-web', num: 'simd', den: 'ort-web', short: 'simd/ort-web' },
  { label: 'streamed ÷ ort-node', num: 'simd', den: 'ort-node', short: 'simd/ort-node' },
];

function cell(r) {
  if (!r) return '–';
  if (r.error) return 'err';
  return fmt(r.melems) + (r.direct ? '†' : '');
}

function ratio(row, { num, den }) {
  const a = row[num]?.melems;
  const b = row[den]?.melems;
  return a && b ? fmt(a / b) : '–';
}

/** Renders rows as a Markdown table or as space-aligned text. */
export function table(headers, rows, markdown) {
  if (markdown) {
    const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
    return [headers, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The rate table and the ratio table for one size. */
export function sizeTables(data, n, markdown) {
  const results = data.results[n] ?? {};
  const impls = data.impls.filter((im) => data.cases.some((c) => results[c.id]?.[im.id]));
  const cases = data.cases.filter((c) => results[c.id]);
  const rates = table(
    ['case', ...impls.map((im) => (markdown ? im.label : im.id))],
    cases.map((c) => [c.id, ...impls.map((im) => cell(results[c.id][im.id]))]),
    markdown,
  );
  const ratios = RATIOS.filter((r) => cases.some((c) => results[c.id][r.num]?.melems && results[c.id][r.den]?.melems));
  const ratioTable = table(
    ['case', ...ratios.map((r) => (markdown ? r.label : r.short))],
    cases.map((c) => [c.id, ...ratios.map((r) => ratio(results[c.id], r))]),
    markdown,
  );
  const errors = [];
  for (const c of cases) {
    for (const im of impls) {
      const e = results[c.id][im.id]?.error;
      if (e) errors.push(`${c.id} / ${im.label}: ${e}`);
    }
  }
  return { rates, ratios: ratioTable, errors };
}

/** min, median and max of ratio num/den over the cases measured at size n. */
export function ratioSummary(data, n, num, den) {
  const results = data.results[n] ?? {};
  const xs = data.cases
    .map((c) => results[c.id]?.[num]?.melems / results[c.id]?.[den]?.melems)
    .filter((v) => Number.isFinite(v));
  if (!xs.length) return undefined;
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), count: xs.length };
}

function headline(data) {
  const n = data.sizes.includes(2 ** 20) ? 2 ** 20 : data.sizes[data.sizes.length - 1];
  const lines = [];
  for (const r of RATIOS) {
    const s = ratioSummary(data, n, r.num, r.den);
    if (s) lines.push(`- ${r.label}: median ${fmt(s.median)}× (from ${fmt(s.min)}× to ${fmt(s.max)}× over ${s.count} cases)`);
  }
  return `At n = ${sizeLabel(n)}:\n\n${lines.join('\n')}`;
}

function agreement(data) {
  const n = data.sizes[0];
  const results = data.results[n] ?? {};
  const impls = data.impls.filter((im) => im.id !== 'naive' && data.cases.some((c) => results[c.id]?.[im.id]?.maxAbsDiff !== undefined));
  const rows = data.cases.filter((c) => results[c.id]).map((c) => [
    c.id,
    ...impls.map((im) => {
      const d = results[c.id][im.id]?.maxAbsDiff;
      return d === undefined ? '–' : d === 0 ? '0' : d.toExponential(1);
    }),
  ]);
  return table(['case', ...impls.map((im) => im.label)], rows, true);
}

/** The method, as bullet lines for the reports. */
export function methodText(roundsFlag, roundsBySize, sampler) {
  return [
    'Inputs: x uniform in [-8, 8) (mulberry32 seed 12345), dy uniform in [-1, 1) (seed 54321); y = f(x) by the naive loop for the from-output gradients. '
      + 'Below 32 Ki elements each call takes the next of a pool of distinct inputs (32 Ki elements per operand in all) so branch predictors cannot learn the data.',
    'Plain Float32Array operands are copied to new offsets every round (page start + a multiple of 576 bytes depending on round and operand) so no two share an address modulo 4096 and copy-speed aliasing is averaged out; allocate() buffers are placed by the package.',
    `Per (size, case): every implementation is prepared and warmed up (at least 2 calls and ${TIMING.warmMs} ms), then ${roundsFlag ?? 'by size ' + Object.entries(roundsBySize).map(([n, r]) => `${sizeLabel(Number(n))}: ${r}`).join(', ')} rounds; `
      + `each round runs every implementation once, in rotating order (round r starts at implementation r mod k), as a short sampled run by ${sampler} `
      + `(minTime ${TIMING.minTime} s, maxTime ${TIMING.maxTime} s, minSamples ${TIMING.minSamples}); the cell is the median over rounds of n × calls per second, in Melem/s (10^6 input elements per second).`,
    `Calls slower than ${TIMING.directAbove} s are timed directly, one call per round (marked †).`,
    'naive JS: the obvious float64 loop into a preallocated Float32Array (demo/naive.js). pkg js / pkg wasm (scalar) / SIMD streamed: this package on that backend with plain Float32Array input and out (streamed through scratch in chunks); SIMD is the SIMD build init() chose. SIMD streamed, new arrays: the same, but on arrays it allocates itself with new Float32Array (a copy of each input and a new out), not re-placed per round, as user arrays would be. SIMD zero-copy: input and out are allocate() buffers. copy (set): Float32Array.prototype.set of n elements, the bandwidth ceiling.',
    'tfjs op: input tensors built once, timed op(x) + dispose() of the result (composed ops in tf.tidy; silu = x·sigmoid(x), gelu / gelu(tanh) / mish / softsign composed as tfjs-layers does; sigmoid/tanh/relu gradients as tf.grad runs them, gelu/silu backward as the analytic derivative composed from tfjs ops). tfjs e2e: Float32Array → tensor → op → dataSync() → dispose. tfjs-wasm runs on one thread. tfjs-cpu is skipped above 1 Mi.',
    'ort-web / ort-node: end to end, new ort.Tensor over the Float32Array + await session.run() + .data; one thread; one-node ONNX models (IR 9, opset 20) built in code; silu = Sigmoid→Mul; from-output gradients composed from Sub/Mul.',
    'Machines are noisy (a shared 2-vCPU VM here): compare within one run; ratios are of medians from the same run.',
  ];
}

/** Fills fields that runs from before the cross-runtime bench did not record. */
function normalise(data) {
  const major = String(data.machine.node).split('.')[0];
  data.runtime ??= `node${major}`;
  data.runtimeLabel ??= `Node ${data.machine.node}`;
  data.engine ??= `V8 ${data.machine.v8}`;
  return data;
}

/** One runtime's report, results-<runtime>.md. */
export function markdownRuntime(data) {
  const m = data.machine;
  const out = [
    `# wasm-activations benchmark: ${data.runtimeLabel}`,
    '',
    `Generated by \`${data.command}\` (bench/run.mjs) on ${m.date}; the run took ${Math.round(data.durationSec)} s.`,
    'This file is written by the script; do not edit it by hand. Other runtimes and the goals: [results.md](results.md).',
    '',
    '## Runtime and machine',
    '',
    `- ${data.runtimeLabel} (${data.engine})${data.userAgent ? `; user agent \`${data.userAgent}\`` : ''}`,
    `- CPU: ${m.cpu}, ${m.logicalCores} logical cores, ${m.memoryGiB} GiB RAM (${m.os})`,
    `- Load average (1 min) at start / end of the run: ${m.loadStart.toFixed(2)} / ${data.loadEnd.toFixed(2)} (other work on the machine competes above ~1 per core)`,
    `- Backend chosen by \`init()\`: ${data.autoBackend}`,
    ...(data.crossOriginIsolated === undefined ? [] : [`- Page cross-origin isolated (COOP/COEP, precise timers): ${data.crossOriginIsolated ? 'yes' : 'no'}`]),
    '',
    '## Versions',
    '',
    table(['package', 'version'], Object.entries(data.versions), true),
    '',
    '## Peers',
    '',
    ...Object.entries(data.peers).map(([id, p]) => `- ${id}: ${p.available ? p.notes : `unavailable (${p.error})`}`),
    '',
    '## Method',
    '',
    ...data.method.map((l) => `- ${l}`),
    ...(data.skippedCases.length ? [`- Cases in bench/cases.mjs that the package does not export yet (not run): ${data.skippedCases.join(', ')}.`] : []),
    '',
    '## Headline',
    '',
    headline(data),
    '',
  ];
  for (const n of data.sizes) {
    const t = sizeTables(data, n, true);
    out.push(`## n = ${sizeLabel(n)} (${n.toLocaleString('en-US')} elements)`, '', 'Melem/s (median over rounds; † = timed directly, one call per round):', '');
    out.push(t.rates, '', 'Ratios (ours ÷ other; > 1 means this package is faster):', '', t.ratios, '');
    if (t.errors.length) out.push('Errors:', '', ...t.errors.map((e) => `- ${e}`), '');
  }
  out.push(`## Agreement check (n = ${sizeLabel(data.sizes[0])})`, '',
    'max |output − naive JS output| over the first input of the pool (the naive gelu uses the',
    'Abramowitz–Stegun erf, itself off by up to ~1.5e-7·|x|; ORT uses fast approximations):', '',
    agreement(data), '');
  return out.join('\n');
}

/** Writes results-<runtime>.{json,md,svg} into `dir`. */
export function writeRuntime(dir, data) {
  writeFileSync(join(dir, `results-${data.runtime}.json`), JSON.stringify(data, null, 1) + '\n');
  writeFileSync(join(dir, `results-${data.runtime}.md`), markdownRuntime(data));
  writeFileSync(join(dir, `results-${data.runtime}.svg`), chart(data) + '\n');
}

/** Every runtime's data in `dir`, the ones users run most first. */
export function loadRuntimes(dir) {
  if (!existsSync(dir)) return [];
  const rank = (r) => (REPORT_ORDER.includes(r) ? REPORT_ORDER.indexOf(r) : REPORT_ORDER.length);
  return readdirSync(dir)
    .filter((f) => /^results-[\w-]+\.json$/.test(f))
    .map((f) => normalise(JSON.parse(readFileSync(join(dir, f), 'utf8'))))
    .sort((a, b) => rank(a.runtime) - rank(b.runtime));
}

/** The index results.md over every runtime in `dir`; returns its path. */
export function writeIndex(dir) {
  const all = loadRuntimes(dir);
  const file = join(dir, 'results.md');
  const m = all[0]?.machine;
  const out = [
    '# wasm-activations benchmark results',
    '',
    'Written by `npm run bench` (bench/run.mjs) from the results-<runtime>.json files in this folder; do not edit it by hand.',
    'Each runtime was measured in its own run; compare ratios within a runtime, where every implementation ran side by side.',
    '',
    '## Runtimes',
    '',
    table(['runtime', 'version', 'engine', 'backend chosen', 'measured on', 'took', 'sizes', 'report'], all.map((d) => [
      d.runtime, d.runtimeLabel, d.engine, d.autoBackend, d.machine.date.slice(0, 16).replace('T', ' '), `${Math.round(d.durationSec)} s`,
      d.sizes.map(sizeLabel).join(', '), `[results-${d.runtime}.md](results-${d.runtime}.md)`,
    ]), true),
    '',
    ...(m ? [`Machine: ${m.cpu}, ${m.logicalCores} logical cores, ${m.memoryGiB} GiB RAM (${m.os}).`, ''] : []),
    '## Goals',
    '',
    'The single-thread performance goals G1–G12 (bench/goals.mjs), each a ratio of medians from one run; `–` where the runtime lacks the peer or the size.',
    '',
    goalsTable(all),
    '',
    '## Headlines',
    '',
    ...all.flatMap((d) => [`### ${d.runtimeLabel}`, '', headline(d), '']),
    'Also measured apart (Node only): the worker pool against thread count in [threads.md](threads.md) (`node bench/threads.mjs`),',
    'and the cost of short calls and of the first large call in [calls.md](calls.md) (`node bench/calls.mjs`).',
    '',
  ];
  writeFileSync(file, out.join('\n'));
  return file;
}

// `node bench/report.mjs [dir]` rewrites dir's reports from its results-*.json (default: bench/),
// e.g. after a change to the report's layout.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('.', import.meta.url));
  for (const data of loadRuntimes(dir)) writeRuntime(dir, data);
  console.log(`rewrote ${writeIndex(dir)} and the reports of ${loadRuntimes(dir).map((d) => d.runtime).join(', ')}`);
}
