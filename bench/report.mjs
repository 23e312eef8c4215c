// Turns a run's data (the object also written as results.json) into the console tables
// and results.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goalsTable } from './goals.mjs';
import { median } from './stats.mjs';

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

export function sizeLabel(n) {
  if (n % 2 ** 20 === 0) return `${n / 2 ** 20} Mi`;
  if (n % 2 ** 10 === 0) return `${n / 2 ** 10} Ki`;
  return String(n);
}

/** Three significant digits (whole numbers from 100 up). */
export function fmt(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  return Math.abs(v) >= 99.95 ? String(Math.round(v)) : v.toPrecision(3);
}

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

/** The whole results.md. */
export function markdown(data) {
  const m = data.machine;
  const out = [
    '# wasm-activations benchmark results',
    '',
    `Generated by \`${data.command}\` (bench/run.mjs) on ${m.date}; the run took ${Math.round(data.durationSec)} s.`,
    'This file is written by the script; do not edit it by hand.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.logicalCores} logical cores, ${m.memoryGiB} GiB RAM (${m.os})`,
    `- Node ${m.node}, V8 ${m.v8}`,
    `- Load average (1 min) at start / end of the run: ${m.loadStart.toFixed(2)} / ${data.loadEnd.toFixed(2)} (other work on the machine competes above ~1 per core)`,
    `- Backend chosen by \`init()\`: ${data.autoBackend}`,
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
    '## Goals',
    '',
    'The single-thread performance goals of issue 4, from this run (bench/goals.mjs):',
    '',
    goalsTable(data),
    '',
    'Also measured apart: the worker pool against thread count in [threads.md](threads.md) (`node bench/threads.mjs`),',
    'and the cost of short calls and of the first large call in [calls.md](calls.md) (`node bench/calls.mjs`).',
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

// `node bench/report.mjs [dir]` rewrites dir/results.md and results.svg from dir/results.json
// (default: bench/), e.g. after a change to the report's layout.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('.', import.meta.url));
  const data = JSON.parse(readFileSync(`${dir}/results.json`, 'utf8'));
  // Not awaited at top level: svg.mjs imports this module, which must finish evaluating first.
  void import('./svg.mjs').then(({ chart }) => {
    writeFileSync(`${dir}/results.md`, markdown(data));
    writeFileSync(`${dir}/results.svg`, chart(data) + '\n');
    console.log(`rewrote ${dir}/results.md and results.svg`);
  });
}
