// `npm run docs`: regenerates the README sections that come from the catalogue (the
// activation reference) and from the last benchmark runs (bench/results-*.json, bench/threads.md).

import { existsSync, readFileSync } from 'node:fs';
import { ELEMENTWISE, FRAMEWORK_NAMES, STRUCTURED, type Param } from '../src/catalogue/index.js';
// @ts-expect-error plain ESM helper without types
import { writeReadmeSection } from './readme-section.mjs';
// @ts-expect-error plain ESM helper without types
import { performanceSection } from '../bench/readme.mjs';

const ACCURACY_TEXT = {
  exact: 'exact',
  hard: '≤ 2 ULP',
  smooth: '≤ 3 ULP',
  tail: '≤ 4 ULP where \\|f\\| ≥ 2⁻²⁰',
} as const;

/** How each family differs in JAX and ONNX, and how to get their behaviour. */
const FAMILY_NOTES: Record<string, string> = {
  Rectifiers:
    "JAX's `leaky_relu` takes the positive branch at x = 0 (slope 1 there); PyTorch and this package use negativeSlope. ONNX LeakyRelu's `alpha` is `negativeSlope` (same default, 0.01). JAX's relu6 also has gradient 0 at 0 and 6.",
  'Sigmoid and tanh': 'Identical in PyTorch, JAX (`sigmoid`, `tanh`, `soft_sign`) and ONNX (Sigmoid, Tanh, Softsign).',
  'Hard (clamped) activations':
    "ONNX HardSigmoid defaults to alpha 0.2, beta 0.5: pass `{ alpha: 0.2, beta: 0.5 }`. JAX's `hard_sigmoid` (relu6(x+3)/6) and `hard_silu`/`hard_swish` equal PyTorch's defaults; `hardtanh` is ONNX Clip(min, max).",
  'Shrinkage and thresholds':
    'ONNX ThresholdedRelu(alpha) is `threshold` with `{ threshold: alpha, value: 0 }`; ONNX Shrink with bias = lambd is softshrink, with bias 0 hardshrink.',
  'Exponential linear units':
    "JAX's `elu`, `selu`, `celu` and ONNX Elu, Selu (gamma = scale), Celu compute the same functions; JAX differentiates through expm1 on the clamped negative branch, as here.",
  'Softplus family':
    "JAX's `softplus` is logaddexp(x, 0) with no beta or threshold: pass `{ threshold: Infinity }` for the same values. ONNX Softplus has no parameters (beta 1, no linear branch).",
  'Gated and smooth self-gated (SiLU, Mish, GELU)':
    "JAX's `gelu` defaults to the tanh form (`approximate=True`): pass `{ approximate: 'tanh' }`. PyTorch and ONNX Gelu (opset 20) default to the exact erf form. JAX's `silu` = `swish`.",
};

function paramText(p: Param): string {
  const def = 'choices' in p ? `'${p.default}'` : 'required' in p && p.required ? 'required' : String(+p.default.toPrecision(6));
  const choices = 'choices' in p ? ` (${p.choices.map((c) => `'${c}'`).join(' \\| ')})` : '';
  return `\`${p.name}\` = ${def}${choices}`;
}

function activationSection(): string {
  const families = new Map<string, typeof ELEMENTWISE[number][]>();
  for (const spec of ELEMENTWISE) {
    const list = families.get(spec.family) ?? [];
    list.push(spec);
    families.set(spec.family, list);
  }
  const out: string[] = [];
  for (const [family, specs] of families) {
    out.push(`#### ${family}`, '');
    if (FAMILY_NOTES[family]) out.push(FAMILY_NOTES[family]!, '');
    out.push('| function | f(x) | options (defaults) | `backwardFromOutput` | convention at kinks | accuracy |');
    out.push('|---|---|---|---|---|---|');
    for (const s of specs) {
      const names = [s.name, ...(s.aliases ?? [])].map((n) => `\`${n}\``).join(' = ');
      const params = s.params.length ? s.params.map(paramText).join('<br>') : '–';
      const yForm = s.fromOutput ? 'yes' : 'no';
      out.push(`| ${names} | ${s.formula} | ${params} | ${yForm} | ${s.kink ?? '–'} | ${ACCURACY_TEXT[s.accuracy]} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The activations that are not element-wise (rows, channels, sampled slopes): one table, then notes. */
function structuredSection(): string {
  const out = [
    '| function | f | options (defaults) | gradient | methods | accuracy |',
    '|---|---|---|---|---|---|',
  ];
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  for (const s of STRUCTURED) {
    const options = s.options.map((o) => `\`${o.name}\` = ${cell(o.default)}: ${cell(o.doc)}`).join('<br>');
    const methods = s.methods.filter((m) => m !== 'forward').map((m) => `\`.${m}\``).join(', ');
    out.push(`| \`${s.name}\` | ${cell(s.formula)} | ${options || '–'} | ${cell(s.gradient)} | ${methods} | ${cell(s.accuracy)} |`);
  }
  out.push('');
  for (const s of STRUCTURED) if (s.notes) out.push(`- \`${s.name}\`: ${s.notes}`);
  return out.join('\n');
}

/** activate()'s framework spellings, from src/catalogue/names.ts. */
function namesSection(): string {
  const out = ['| name | runs | framework | defaults that differ | note |', '|---|---|---|---|---|'];
  for (const f of FRAMEWORK_NAMES) {
    const defaults = f.defaults ? Object.entries(f.defaults).map(([k, v]) => `\`${k}: ${v}\``).join(', ') : '–';
    out.push(`| \`${f.name}\` | \`${f.target}\` | ${f.frameworks.join(', ')} | ${defaults} | ${f.note ?? ''} |`);
  }
  return out.join('\n');
}

writeReadmeSection('activations', activationSection());
writeReadmeSection('names', namesSection());
writeReadmeSection('structured', structuredSection());

// The Performance section: written for users from bench/results-<runtime>.json (bench/readme.mjs).
writeReadmeSection('bench', performanceSection());
const threads = new URL('../bench/threads.md', import.meta.url);
if (existsSync(threads)) {
  // The 2-threads-against-1 table; the full report stays in bench/threads.md.
  const text = readFileSync(threads, 'utf8');
  const match = /## 2 threads against 1[^\n]*\n([\s\S]*?)(?=\n## |\n*$)/.exec(text);
  const generated = /^Generated by [^\n]*/m.exec(text);
  writeReadmeSection('threads', `${generated ? `${generated[0]}\n\n` : ''}${match ? match[1]!.trim() : text}\n\n![thread scaling chart](bench/threads.svg)\n\nFull report: [bench/threads.md](bench/threads.md).`);
}
const calls = new URL('../bench/calls.json', import.meta.url);
if (existsSync(calls)) {
  // Short calls at 64 elements and the first large call, from bench/calls.json.
  const data = JSON.parse(readFileSync(calls, 'utf8')) as {
    short: { n: number; name: string; naiveNs: number; packageNs: number; ratio: number }[];
    first: { start: string; ratio: number }[];
  };
  const rows = data.short.filter((r) => r.n === 64).map((r) => `| ${r.name} | ${r.naiveNs.toFixed(0)} | ${r.packageNs.toFixed(0)} | ${r.ratio.toFixed(2)}× |`);
  const span = (start: string): string => {
    const r = data.first.filter((x) => x.start === start).map((x) => x.ratio).sort((a, b) => a - b);
    return `${r[0]!.toFixed(2)}–${r[r.length - 1]!.toFixed(2)}×`;
  };
  writeReadmeSection('calls', [
    'Short calls (`node bench/calls.mjs`): time per call on 64 elements, plain arrays in and out, against the naive JS loop.',
    '',
    '| activation | naive JS (ns) | package (ns) | package ÷ naive |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `The first call on 16 Mi elements in a fresh process takes ${span('first call')} a warm one when it also compiles the module, ${span('init')} after \`await init()\` (${data.first.length / 2} processes each). Other sizes: [bench/calls.md](bench/calls.md).`,
  ].join('\n'));
}
console.log('README.md sections regenerated');
