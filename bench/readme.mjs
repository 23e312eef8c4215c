// The README's Performance section, written for users from the committed bench results
// (bench/results-<runtime>.json): Node 24 and Chromium first, what is faster than what and
// by how much. No goals here (they are in bench/results.md).
//
//   node bench/readme.mjs        rewrites the README between <!-- bench:start --> and <!-- bench:end -->
//   (npm run docs does the same, with the other generated sections)

import { fileURLToPath } from 'node:url';
import { loadRuntimes } from './report.mjs';
import { tensorGoalsTable } from './tensors.mjs';
import { fmt, median, sizeLabel } from './stats.mjs';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const Mi = 2 ** 20;
/** The activations shown in each runtime's table, when measured. */
const SHOWN = ['relu', 'sigmoid', 'tanh', 'gelu', 'gelu(tanh)', 'silu', 'softplus', 'softmax', 'sigmoid.backwardFromOutput'];
const FIRST = ['node24', 'chromium'];

const times = (v) => `${fmt(v)}×`;

/** Ratios a/b over the cases measured by both, with the case ids. */
function ratios(d, n, a, b) {
  return d.cases
    .map((c) => [d.results[n]?.[c.id]?.[a]?.melems / d.results[n]?.[c.id]?.[b]?.melems, c.id])
    .filter(([v]) => Number.isFinite(v));
}

/** "median 14.5× over 33 cases (from 5.2× to 29×)". */
function spread(list, noun = 'cases') {
  const v = list.map(([x]) => x).sort((p, q) => p - q);
  return `${times(median(v))} (median over ${v.length} ${noun}; from ${times(v[0])} to ${times(v[v.length - 1])})`;
}

function slower(list) {
  const s = list.filter(([v]) => v < 1).sort((p, q) => p[0] - q[0]);
  return s.length ? `; slower on ${s.map(([v, id]) => `${id} (${times(v)})`).join(', ')}` : '; faster on every one';
}

function runtimeSection(d) {
  const n = d.sizes.includes(Mi) ? Mi : d.sizes[d.sizes.length - 1];
  const row = (id) => d.results[n]?.[id];
  const node = /^node/.test(d.runtime);
  const ort = node ? 'ort-node' : 'ort-web';
  const ortName = node ? 'onnxruntime-node' : 'onnxruntime-web';
  const cols = [
    ['naive', 'plain JS loop'],
    ['simd', 'this package'],
    ['simd-zc', 'this package, zero-copy'],
    ['tfjs-wasm-op', 'tfjs-wasm'],
    [ort, ortName],
  ].filter(([id]) => d.impls.some((im) => im.id === id));
  const shown = SHOWN.filter((id) => row(id));
  const out = [
    `### ${d.runtimeLabel}`,
    '',
    `Million elements per second at n = ${sizeLabel(n)} (${n.toLocaleString('en-US')} float32 values), one thread, higher is better:`,
    '',
    `| activation | ${cols.map(([, l]) => l).join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    ...shown.map((id) => `| ${id} | ${cols.map(([im]) => fmt(row(id)[im]?.melems)).join(' | ')} |`),
    '',
  ];
  const bullets = [];
  const naive = ratios(d, n, 'simd', 'naive');
  const zcNaive = ratios(d, n, 'simd-zc', 'naive');
  if (naive.length) bullets.push(`Against the plain JS loop you would write: ${spread(naive)} faster with ordinary Float32Arrays in and out, ${times(median(zcNaive.map(([v]) => v)))} (median) with zero-copy buffers (\`allocate()\`).`);
  const tf = ratios(d, n, 'simd-zc', 'tfjs-wasm-op');
  if (tf.length) bullets.push(`Against tfjs-wasm (its op on tensors already in wasm memory, against this package's zero-copy call): ${spread(tf)}${slower(tf)}.`);
  const tfE2e = ratios(d, n, 'simd', 'tfjs-wasm-e2e');
  if (tfE2e.length) bullets.push(`Against tfjs-wasm end to end (Float32Array → tensor → op → data): ${spread(tfE2e)}${slower(tfE2e)}.`);
  const onnx = ratios(d, n, 'simd', ort);
  if (onnx.length) bullets.push(`Against ${ortName} (one-node models, Float32Array in and out): ${spread(onnx)}${slower(onnx)}.`);
  const js = ratios(d, n, 'js', 'naive');
  if (js.length) bullets.push(`Where WebAssembly is not allowed, the package's JavaScript backend runs at ${spread(js)} the speed of the plain loop.`);
  out.push(...bullets.map((b) => `- ${b}`), '');
  out.push(`Measured ${d.machine.date.slice(0, 10)} by \`${d.command}\`; every column of a row ran side by side, interleaved. Full tables (4 Ki to 16 Mi, every implementation): [bench/results-${d.runtime}.md](bench/results-${d.runtime}.md).`, '');
  return out.join('\n');
}

/** The whole generated section. */
export function performanceSection(dir = BENCH) {
  const all = loadRuntimes(dir).filter((d) => d.sizes.includes(Mi));
  const ordered = [...FIRST.map((r) => all.find((d) => d.runtime === r)).filter(Boolean), ...all.filter((d) => !FIRST.includes(d.runtime))];
  const m = ordered[0]?.machine;
  const missing = FIRST.filter((r) => !all.some((d) => d.runtime === r));
  const out = [
    '`npm run bench` measures this package against the loop you would write by hand and against',
    'the libraries you might use instead (TensorFlow.js with its wasm backend, ONNX Runtime), on',
    'Node and in browsers (`npm run bench -- --help`). The figures below are medians from one run',
    `per runtime${m ? ` on ${m.cpu === 'AMD EPYC' ? 'an AMD EPYC' : m.cpu} virtual machine with ${m.logicalCores} cores` : ''}; compare within a table, where everything ran`,
    'side by side. "This package" takes and returns ordinary Float32Arrays; "zero-copy" works on',
    'buffers from `allocate()` that live in WebAssembly memory.',
    '',
  ];
  if (missing.length) out.push(`${missing.map((r) => (r === 'node24' ? 'Node 24' : 'Chromium')).join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no full run in bench/ yet (\`npm run bench -- --runtime ${missing.join(',')}\`).`, '');
  out.push(...ordered.map(runtimeSection));
  out.push('![benchmark chart](bench/results-' + (ordered[0]?.runtime ?? 'node24') + '.svg)', '', 'All runtimes, the method and the agreement check: [bench/results.md](bench/results.md).');
  out.push('', '### Tensors: softmax over dim 1, the bias epilogue, Float16Array', '',
    '`node bench/tensors.mjs --runtime node24,node26,node22,node20` measures these side by side (medians of per-round',
    'ratios; full tables in [bench/tensors.md](bench/tensors.md)):', '', tensorGoalsTable());
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { writeReadmeSection } = await import('../scripts/readme-section.mjs');
  writeReadmeSection('bench', performanceSection());
  console.log('README.md Performance section regenerated from bench/results-*.json');
}
