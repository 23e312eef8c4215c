// The tensor-shaped work of issue 13, measured side by side on one runtime per process:
//   - softmax over dim 1 of [8, 21, 512, 512] (a segmentation head's logits) against the
//     last-dim softmax of the same elements, and onnxruntime-node's Softmax(axis = 1);
//   - the bias epilogue at 16 Mi: gelu(x, { bias }) per channel against addBias then gelu
//     (and relu, the bandwidth-bound case), both through this package;
//   - Float16Array at 16 Mi: relu and sigmoid on float16 data against float32 data.
//
//   npm run build && node bench/tensors.mjs [--runtime node24,node26,…] [--rounds 9]
//
// Rounds are interleaved (every configuration once per round, in a rotating order); each
// figure is the median over the rounds, and each ratio the median of per-round ratios.
// Writes bench/tensors.json and bench/tensors.md (one section per runtime, the runtimes
// of earlier runs kept). Not a test: nothing here asserts a speed.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { uniform } from './inputs.mjs';
import { REPORT_ORDER, expandRuntimes, thisNode } from './runtimes.mjs';
import { median } from './stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const JSON_FILE = fileURLToPath(new URL('tensors.json', import.meta.url));
const MD_FILE = fileURLToPath(new URL('tensors.md', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROUNDS = Number(option('--rounds') ?? 9);
const Mi = 2 ** 20;

/** The goals of issue 13: id, text, the ratio's key in results.ratios, the target. */
export const TENSOR_GOALS = [
  { id: 'T1', text: 'softmax dim 1 of [8, 21, 512, 512] ÷ last-dim softmax, same elements (streamed)', key: 'dim1/last streamed', min: 0.8 },
  { id: 'T1z', text: 'the same, zero-copy', key: 'dim1/last zero-copy', min: 0.8 },
  { id: 'T2', text: 'softmax dim 1 (streamed) ÷ onnxruntime-node Softmax(axis = 1)', key: 'dim1/ort-node', min: 1 },
  { id: 'T3', text: 'gelu(x, { bias }) per channel at 16 Mi ÷ addBias + gelu (new arrays, as written)', key: 'gelu fused/separate new', min: 1.5 },
  { id: 'T3o', text: 'the same into preallocated out (streamed)', key: 'gelu fused/separate out', min: 1.5 },
  { id: 'T3z', text: 'the same, zero-copy', key: 'gelu fused/separate zero-copy', min: 1.5 },
  { id: 'T3r', text: 'relu(x, { bias }) ÷ addBias + relu, zero-copy (bandwidth-bound)', key: 'relu fused/separate zero-copy', min: 1.5 },
  { id: 'T4', text: 'Float16 relu at 16 Mi ÷ float32 relu (elements/s, streamed)', key: 'f16/f32 relu', min: 1.5 },
  { id: 'T5', text: 'Float16 sigmoid at 16 Mi ÷ float32 sigmoid (elements/s, streamed)', key: 'f16/f32 sigmoid', min: 0.9 },
];

/** The configurations of this runtime: name → { n, run() }, and the ratios to report. */
async function configurations(W) {
  const configs = {};
  const ratios = {};
  // ---- softmax over dim 1 ----
  const shape = [8, 21, 512, 512];
  const n = shape.reduce((a, b) => a * b);
  const x = uniform(n, -8, 8, 7);
  const out = new Float32Array(n);
  const X = W.allocate(n);
  const O = W.allocate(n);
  X.array.set(x);
  configs['softmax dim 1, streamed'] = { n, run: () => W.softmax(x, { shape, dim: 1, out }) };
  configs['softmax dim -1, streamed'] = { n, run: () => W.softmax(x, { shape, dim: -1, out }) };
  configs['softmax dim 1, zero-copy'] = { n, run: () => W.softmax(X.array, { shape, dim: 1, out: O.array }) };
  configs['softmax dim -1, zero-copy'] = { n, run: () => W.softmax(X.array, { shape, dim: -1, out: O.array }) };
  ratios['dim1/last streamed'] = ['softmax dim 1, streamed', 'softmax dim -1, streamed'];
  ratios['dim1/last zero-copy'] = ['softmax dim 1, zero-copy', 'softmax dim -1, zero-copy'];
  const ort = await loadOrt();
  if (ort) {
    const { onnxModel } = await import('./onnx-model.mjs');
    const model = onnxModel({
      nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['out'], attrs: { axis: 1 } }],
      inputs: [{ name: 'x', dims: shape }],
      outputs: [{ name: 'out', dims: shape }],
    });
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all',
    });
    const check = (await session.run({ x: new ort.Tensor('float32', x, shape) })).out.data;
    const ours = W.softmax(x, { shape, dim: 1 });
    let worst = 0;
    for (let i = 0; i < n; i += 97) worst = Math.max(worst, Math.abs(check[i] - ours[i]));
    if (!(worst < 1e-5)) throw new Error(`onnxruntime Softmax(axis = 1) disagrees: max |diff| ${worst}`);
    configs['ort-node Softmax(axis = 1)'] = { n, async: true, run: async () => (await session.run({ x: new ort.Tensor('float32', x, shape) })).out.data };
    ratios['dim1/ort-node'] = ['softmax dim 1, streamed', 'ort-node Softmax(axis = 1)'];
  }

  // ---- the bias epilogue at 16 Mi: (16, 64, 128, 128), a bias per channel ----
  const m = 16 * Mi;
  const C = 64;
  const inner = 128 * 128;
  const bias = uniform(C, -1, 1, 3);
  const bx = uniform(m, -4, 4, 11);
  const bout = new Float32Array(m);
  const btmp = new Float32Array(m);
  const BX = W.allocate(m);
  const BO = W.allocate(m);
  const BT = W.allocate(m);
  BX.array.set(bx);
  const b = { bias, innerSize: inner };
  for (const f of ['gelu', 'relu']) {
    configs[`${f} fused, new arrays`] = { n: m, run: () => W[f](bx, b) };
    configs[`${f} addBias + ${f}, new arrays`] = { n: m, run: () => W[f](W.addBias(bx, b)) };
    configs[`${f} fused, out`] = { n: m, run: () => W[f](bx, { ...b, out: bout }) };
    configs[`${f} addBias + ${f}, out`] = { n: m, run: () => W[f](W.addBias(bx, { ...b, out: btmp }), { out: bout }) };
    configs[`${f} fused, zero-copy`] = { n: m, run: () => W[f](BX.array, { ...b, out: BO.array }) };
    configs[`${f} addBias + ${f}, zero-copy`] = { n: m, run: () => W[f](W.addBias(BX.array, { ...b, out: BT.array }), { out: BO.array }) };
    for (const path of ['new arrays', 'out', 'zero-copy']) {
      ratios[`${f} fused/separate ${path === 'new arrays' ? 'new' : path}`] = [`${f} fused, ${path}`, `${f} addBias + ${f}, ${path}`];
    }
  }

  // ---- Float16Array at 16 Mi ----
  if (typeof globalThis.Float16Array === 'function' && accepts(() => W.relu(new Float16Array(1)))) {
    const h = new Float16Array(bx);
    const hout = new Float16Array(m);
    for (const f of ['relu', 'sigmoid']) {
      configs[`${f} float16`] = { n: m, run: () => W[f](h, { out: hout }) };
      configs[`${f} float32`] = { n: m, run: () => W[f](bx, { out: bout }) };
      ratios[`f16/f32 ${f}`] = [`${f} float16`, `${f} float32`];
    }
  }
  return { configs, ratios };
}

function accepts(f) {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

async function loadOrt() {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(new URL('./package.json', import.meta.url));
    return require('onnxruntime-node');
  } catch {
    return undefined;
  }
}

/** Measures this runtime: per configuration the median Melem/s, per ratio the median of per-round ratios. */
async function measureHere() {
  const W = await import('../dist/index.js');
  const backend = await W.init();
  const { configs, ratios } = await configurations(W);
  const names = Object.keys(configs);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (const k of names) await configs[k].run(); // warm-up: compile, tier up, touch pages
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const k = names[(i + r) % names.length];
      const t = performance.now();
      await configs[k].run();
      times[k].push(performance.now() - t);
    }
  }
  const rates = Object.fromEntries(names.map((k) => [k, configs[k].n / median(times[k]) / 1e3]));
  const ratioValues = Object.fromEntries(Object.entries(ratios).map(([key, [a, b]]) =>
    [key, median(times[a].map((ta, r) => times[b][r] / ta))]));
  return {
    runtime: thisNode(), node: process.version, backend, rounds: ROUNDS, date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model, load: os.loadavg(), rates, ratios: ratioValues,
  };
}

const order = (r) => (REPORT_ORDER.indexOf(r) + 1 || 99);
const times = (v) => (v === undefined ? '–' : `${v.toFixed(2)}×`);

/** The goals table over the measured runtimes (bench/tensors.json), Node 24 first. */
export function tensorGoalsTable(all = existsSync(JSON_FILE) ? JSON.parse(readFileSync(JSON_FILE, 'utf8')) : {}) {
  const runs = Object.values(all).sort((a, b) => order(a.runtime) - order(b.runtime));
  return [
    `| goal | ratio | target | ${runs.map((d) => `${d.runtime} (${d.node}, ${d.backend})`).join(' | ')} |`,
    `|---|---|---|${runs.map(() => '---').join('|')}|`,
    ...TENSOR_GOALS.map((g) => `| ${g.id} | ${g.text} | ≥ ${g.min}× | ${runs.map((d) => {
      const v = d.ratios[g.key];
      return v === undefined ? '– (not available)' : `${times(v)} ${v >= g.min ? 'yes' : '**no**'}`;
    }).join(' | ')} |`),
  ].join('\n');
}

function markdown(all) {
  const runs = Object.values(all).sort((a, b) => order(a.runtime) - order(b.runtime));
  const fmt = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const lines = [
    '# Tensor-shaped work (issue 13)',
    '',
    'Written by `node bench/tensors.mjs` (see its header). Medians over interleaved rounds;',
    'ratios are medians of per-round ratios, measured side by side in one process.',
    '',
    '## Goals',
    '',
    tensorGoalsTable(all),
    '',
    '## Throughput (Melem/s)',
    '',
    `| configuration | ${runs.map((d) => d.runtime).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
  ];
  const keys = [...new Set(runs.flatMap((d) => Object.keys(d.rates)))];
  for (const k of keys) lines.push(`| ${k} | ${runs.map((d) => fmt(d.rates[k])).join(' | ')} |`);
  lines.push('', ...runs.map((d) => `- ${d.runtime}: ${d.node}, ${d.backend}, ${d.rounds} rounds, ${d.date}, ${d.cpu}, load ${d.load.map((v) => v.toFixed(2)).join(' ')}`), '');
  return lines.join('\n');
}

if (process.argv[1] !== SCRIPT) {
  // imported (bench/readme.mjs): nothing to run
} else if (args.includes('--child')) {
  process.stdout.write(`${JSON.stringify(await measureHere())}\n`);
} else {
  const runtimes = expandRuntimes(option('--runtime') ?? thisNode());
  const all = existsSync(JSON_FILE) ? JSON.parse(readFileSync(JSON_FILE, 'utf8')) : {};
  for (const runtime of runtimes) {
    let bin = process.execPath;
    if (runtime !== thisNode()) bin = (await import('../scripts/node-versions.mjs')).nodeBinary(runtime);
    console.log(`--- ${runtime}: ${bin}`);
    const r = spawnSync(bin, [SCRIPT, '--child', '--rounds', String(ROUNDS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${runtime}: exited with ${r.status ?? r.signal}`);
    all[runtime] = JSON.parse(r.stdout.trim().split('\n').pop());
    for (const g of TENSOR_GOALS) {
      const v = all[runtime].ratios[g.key];
      console.log(`${runtime} ${g.id} ${g.text}: ${v === undefined ? 'n/a' : `${v.toFixed(2)}×`} (target ≥ ${g.min}×)`);
    }
  }
  writeFileSync(JSON_FILE, `${JSON.stringify(all, null, 2)}\n`);
  writeFileSync(MD_FILE, markdown(all));
  console.log(`wrote ${MD_FILE}`);
}
