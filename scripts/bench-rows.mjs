// Throughput of the non-element-wise activations at 1 Mi elements (Melem/s): a naive
// JavaScript loop, this package's js backend, scalar wasm and SIMD wasm (zero-copy and
// streamed). Run after `npm run build`:  node scripts/bench-rows.mjs [--samples 15]
// Cases are measured round-robin and each is reported as the median (and best) of its
// samples, because shared machines are noisy. A quick measurement, not the benchmark
// suite (bench/).

import * as W from '../dist/index.js';

const N = 1 << 20;
const argv = process.argv.slice(2);
const SAMPLES = Number(argv[argv.indexOf('--samples') + 1]) || 15;

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const x = Float32Array.from({ length: N }, () => rand() * 16 - 8);
const dy = Float32Array.from({ length: N }, () => rand() * 2 - 1);
const out = new Float32Array(N);

// ---- naive JavaScript loops (what a user would write) ------------------------------------
function naiveSoftmax(xs, ys, len, log) {
  for (let r = 0; r < xs.length; r += len) {
    let m = -Infinity;
    for (let i = r; i < r + len; i++) if (xs[i] > m) m = xs[i];
    let s = 0;
    for (let i = r; i < r + len; i++) s += Math.exp(xs[i] - m);
    if (log) { const l = Math.log(s); for (let i = r; i < r + len; i++) ys[i] = xs[i] - m - l; }
    else for (let i = r; i < r + len; i++) ys[i] = Math.exp(xs[i] - m) / s;
  }
}
function naiveSoftmaxGrad(g, ys, dx, len) {
  for (let r = 0; r < g.length; r += len) {
    let t = 0;
    for (let i = r; i < r + len; i++) t += g[i] * ys[i];
    for (let i = r; i < r + len; i++) dx[i] = ys[i] * (g[i] - t);
  }
}
function naiveGlu(xs, ys, len) {
  const h = len / 2;
  for (let r = 0, o = 0; r < xs.length; r += len) for (let j = 0; j < h; j++, o++) ys[o] = xs[r + j] / (1 + Math.exp(-xs[r + h + j]));
}
const W64 = Float32Array.from({ length: 64 }, (_, i) => 0.01 * i - 0.3);
function naivePrelu(xs, ys) { for (let i = 0; i < xs.length; i++) { const v = xs[i]; ys[i] = v > 0 ? v : W64[i & 63] * v; } }
function naiveRrelu(xs, ys) { for (let i = 0; i < xs.length; i++) { const v = xs[i]; ys[i] = v > 0 ? v : (0.125 + (1 / 3 - 0.125) * Math.random()) * v; } }

// ---- cases -----------------------------------------------------------------------------------
const y1024 = W.softmax(x, { rowLength: 1024 });
const noise = new Float32Array(N);
const CASES = [
  ['softmax rows of 1024', (a, o) => W.softmax(a[0], { rowLength: 1024, out: o }), [x], (o) => naiveSoftmax(x, o, 1024, false)],
  ['softmax one row of 1 Mi', (a, o) => W.softmax(a[0], { out: o }), [x], (o) => naiveSoftmax(x, o, N, false)],
  ['logSoftmax rows of 1024', (a, o) => W.logSoftmax(a[0], { rowLength: 1024, out: o }), [x], (o) => naiveSoftmax(x, o, 1024, true)],
  ['softmax.backwardFromOutput rows of 1024', (a, o) => W.softmax.backwardFromOutput(a[0], a[1], { rowLength: 1024, out: o }), [dy, y1024], (o) => naiveSoftmaxGrad(dy, y1024, o, 1024)],
  ['softmax.backward (from x) rows of 1024', (a, o) => W.softmax.backward(a[0], a[1], { rowLength: 1024, out: o }), [dy, x], null],
  ['glu rows of 2048 (in: 1 Mi)', (a, o) => W.glu(a[0], { rowLength: 2048, out: o.subarray(0, N / 2) }), [x], (o) => naiveGlu(x, o, 2048)],
  ['prelu 64 channels, channelsLast', (a, o) => W.prelu(a[0], { weight: W64, layout: 'channelsLast', out: o }), [x], (o) => naivePrelu(x, o)],
  ['rrelu training (seeded, with noise)', (a, o) => W.rrelu(a[0], { training: true, seed: 1, noise, out: o }), [x], (o) => naiveRrelu(x, o)],
];

function timeOnce(f, reps) {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) f();
  return (performance.now() - t0) / reps;
}

const buffers = [W.allocate(N), W.allocate(N), W.allocate(N)];
const results = [];
for (const [label, call, inputs, naive] of CASES) {
  const variants = [];
  if (naive) variants.push(['naive JS loop', () => naive(out)]);
  for (const backend of ['js', 'wasm', 'wasm-simd']) {
    variants.push([`${backend} streamed`, () => { W.setBackend(backend); call(inputs, out); }]);
    if (backend !== 'js') {
      variants.push([`${backend} zero-copy`, () => {
        W.setBackend(backend);
        const views = inputs.map((_, i) => buffers[i].array);
        call(views, buffers[2].array);
      }]);
    }
  }
  inputs.forEach((a, i) => buffers[i].array.set(a));
  if (inputs === undefined) continue;
  const reps = variants.map(([, f]) => {
    f();
    const t = timeOnce(f, 1);
    return Math.max(1, Math.round(0.02 / Math.max(t / 1000, 1e-6)));
  });
  const samples = variants.map(() => []);
  for (let s = 0; s < SAMPLES; s++) variants.forEach(([, f], i) => samples[i].push(timeOnce(f, reps[i])));
  for (let i = 0; i < variants.length; i++) {
    const t = samples[i].sort((a, b) => a - b);
    results.push({ case: label, variant: variants[i][0], median: N / (t[t.length >> 1] * 1e3), best: N / (t[0] * 1e3) });
  }
}
buffers.forEach((b) => b.dispose());

console.log(`n = ${N} (1 Mi) elements of input, Melem/s: median (best) of ${SAMPLES} samples; node ${process.version}`);
let last = '';
for (const r of results) {
  if (r.case !== last) console.log(`\n${(last = r.case)}`);
  console.log(`  ${r.variant.padEnd(22)} ${r.median.toFixed(0).padStart(7)} (${r.best.toFixed(0)})`);
}
