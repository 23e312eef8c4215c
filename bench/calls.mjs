// Call costs that the throughput tables hide:
//  1. short arrays: time per call of the package (plain Float32Array in and out, as a user
//     calls it) against the naive JS loop, at 16 to 4096 elements;
//  2. the first large call: in fresh Node processes, the first sigmoid call on 16 Mi
//     elements against the median of the following ones (wasm has no on-stack
//     replacement, so a single long first call could stay in V8's baseline tier).
//
//   npm run build && node bench/calls.mjs [--rounds 15] [--processes 5]
//
// Writes bench/calls.md and bench/calls.json. Not a test: nothing here asserts a speed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as W from '../dist/index.js';
import { uniform } from './inputs.mjs';
import { median } from './stats.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);

// ---- first large call, in a child process -------------------------------------------
if (args[0] === '--first-call-child') {
  const n = 2 ** 24;
  const x = uniform(n, -8, 8, 12345);
  // Touched beforehand: the first writes to fresh memory fault its pages in, ~40 ms for
  // 64 MiB here, which any implementation would pay (a naive loop included).
  const y = new Float32Array(n).fill(1);
  if (args[1] === 'init') await W.init();
  const times = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    W.sigmoid(x, { out: y });
    times.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify(times));
  process.exit(0);
}

const ROUNDS = arg('--rounds', 15);
const PROCESSES = arg('--processes', 5);
const SIZES = [16, 64, 256, 1024, 4096];
const NAIVE = {
  relu: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0; },
  sigmoid: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i])); },
  tanh: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]); },
  gelu: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))); } },
};
const PKG = {
  relu: (x, y) => W.relu(x, { out: y }),
  sigmoid: (x, y) => W.sigmoid(x, { out: y }),
  tanh: (x, y) => W.tanh(x, { out: y }),
  gelu: (x, y) => W.gelu(x, { out: y, approximate: 'tanh' }),
};

/** Nanoseconds per call of f over `inputs` (rotating, so branch predictors cannot learn them), ≥ 20 ms. */
function perCall(f, inputs, y) {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < 20) {
    for (let k = 0; k < 64; k++) f(inputs[(calls + k) % inputs.length], y);
    calls += 64;
    t = performance.now();
  }
  return ((t - t0) * 1e6) / calls;
}

function shortCalls() {
  const rows = [];
  for (const n of SIZES) {
    const inputs = Array.from({ length: 16 }, (_, k) => uniform(n, -8, 8, 1000 + k));
    const y = new Float32Array(n);
    for (const name of Object.keys(PKG)) {
      const impls = { naive: NAIVE[name], package: PKG[name] };
      for (const f of Object.values(impls)) perCall(f, inputs, y); // warm-up
      const ns = { naive: [], package: [] };
      for (let r = 0; r < ROUNDS; r++) {
        const order = r % 2 ? ['package', 'naive'] : ['naive', 'package'];
        for (const id of order) ns[id].push(perCall(impls[id], inputs, y));
      }
      const row = { n, name, naiveNs: median(ns.naive), packageNs: median(ns.package) };
      row.ratio = row.packageNs / row.naiveNs;
      rows.push(row);
      console.log(`${name} n=${n}: naive ${row.naiveNs.toFixed(0)} ns, package ${row.packageNs.toFixed(0)} ns per call (${row.ratio.toFixed(2)}×)`);
    }
  }
  return rows;
}

/** In fresh processes: the first call with no init() (it compiles synchronously) and after `await init()`. */
function firstCalls() {
  const script = fileURLToPath(import.meta.url);
  const runs = [];
  for (let p = 0; p < PROCESSES; p++) {
    for (const start of ['first call', 'init']) {
      const times = JSON.parse(execFileSync(process.execPath, [script, '--first-call-child', start], { encoding: 'utf8' }));
      const warm = median(times.slice(1));
      runs.push({ start, firstMs: times[0], warmMs: warm, ratio: times[0] / warm });
      console.log(`${start}: first 16 Mi sigmoid call ${times[0].toFixed(1)} ms, later calls ${warm.toFixed(1)} ms (${(times[0] / warm).toFixed(2)}×)`);
    }
  }
  return runs;
}

const f = (v, d = 0) => v.toFixed(d);
const started = new Date();
const short = shortCalls();
const first = firstCalls();
const data = { date: started.toISOString(), node: process.version, cpu: os.cpus()[0]?.model.trim(), cores: os.availableParallelism?.() ?? os.cpus().length, backend: W.getBackend(), rounds: ROUNDS, short, first };
const dir = fileURLToPath(new URL('.', import.meta.url));
writeFileSync(`${dir}calls.json`, JSON.stringify(data, null, 1) + '\n');
const md = [
  '# Call costs',
  '',
  `Generated by \`node bench/calls.mjs\` on ${data.date.slice(0, 10)}: ${data.cpu}, ${data.cores} cores, Node ${data.node}, backend ${data.backend}.`,
  '',
  '## Short arrays',
  '',
  `Time per call in ns (median of ${ROUNDS} interleaved rounds of ≥ 20 ms each; 16 rotating inputs uniform in [-8, 8)), the package called`,
  'as a user calls it (plain Float32Array in, `out` given) against the naive JS loop. gelu is the tanh form on both sides.',
  '',
  '| n | activation | naive JS (ns) | package (ns) | package ÷ naive |',
  '|---:|---|---:|---:|---:|',
  ...short.map((r) => `| ${r.n} | ${r.name} | ${f(r.naiveNs)} | ${f(r.packageNs)} | ${f(r.ratio, 2)}× |`),
  '',
  '## First large call',
  '',
  `sigmoid on 16 Mi elements (plain arrays), in ${PROCESSES} pairs of fresh Node processes: the first call against the median of the`,
  'next five, with the module compiled by that first call ("first call") or by `await init()` before it ("init"). The output',
  'array is written once beforehand: first writes to fresh memory fault its pages in (~40 ms for 64 MiB here), a cost of',
  'the operating system that any implementation pays.',
  '',
  '| process | start | first call (ms) | later calls (ms) | first ÷ later |',
  '|---:|---|---:|---:|---:|',
  ...first.map((r, i) => `| ${(i >> 1) + 1} | ${r.start} | ${f(r.firstMs, 1)} | ${f(r.warmMs, 1)} | ${f(r.ratio, 2)}× |`),
  '',
].join('\n');
writeFileSync(`${dir}calls.md`, md);
console.log('wrote bench/calls.{md,json}');
