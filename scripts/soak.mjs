// npm run soak: many mixed calls, as a long-running careless program makes them, watching
// for growth. Random activations and methods, float32 and float64, plain arrays and
// allocate() buffers (a fifth never disposed: left to the garbage collector), bad calls,
// backend switches, worker-pool calls, and gc() every so often. Prints the JS heap and the
// wasm memory as it goes; exits 1 if either grows past its warm-up level, if a bad call
// throws anything but a TypeError / RangeError, or if a result disagrees with the JS backend.
//
//   node --expose-gc scripts/soak.mjs [--calls 100000] [--seed 1] [--no-pool] [--report file.json]

import * as W from '../dist/index.js';
import { existingMemory } from '../dist/memory.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CALLS = flag('--calls', 100_000);
const SEED = flag('--seed', 1);
const POOL = !args.includes('--no-pool');
const REPORT = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined;
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (npm run soak does)');
  process.exit(2);
}

let state = SEED >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const ELEMENTWISE = W.activationInfo.map((a) => a.name);
// Builds that load on demand are loaded first, so that switching to them is synchronous.
await W.init('wasm');
const relaxed = await W.init('wasm-relaxed-simd').then(() => true, () => false);
await W.init('auto');
const BACKENDS = [...(relaxed ? ['wasm-relaxed-simd'] : []), 'wasm-simd', 'wasm', 'js'];
const MiB = 2 ** 20;

function size() {
  const r = rand();
  return r < 0.7 ? Math.floor(rand() * 4097) : r < 0.97 ? Math.floor(rand() * 70_000) : 300_000;
}

function fill(a) {
  for (let i = 0; i < a.length; i++) a[i] = (rand() * 2 - 1) * 8;
  return a;
}

function options(name) {
  const info = W.activationInfo.find((a) => a.name === name);
  return Object.fromEntries(info.params.filter((p) => p.required).map((p) => [p.name, p.default]));
}

/** Arrays for a call: plain, or in allocate() buffers (disposed after, or left to the GC). */
function arrays(n, count, dtype) {
  if (dtype === 'float64' || rand() < 0.6) {
    const C = dtype === 'float64' ? Float64Array : Float32Array;
    return { list: Array.from({ length: count }, () => fill(new C(n))), done() {} };
  }
  const bufs = Array.from({ length: count }, () => W.allocate(n));
  const list = bufs.map((b) => fill(b.array));
  const keep = rand() < 0.8;
  return { list, done: () => keep && bufs.forEach((b) => b.dispose()) };
}

const BAD = [
  () => W.sigmoid([1, 2, 3]),
  () => W.relu(new Float32Array(8), { out: new Float32Array(7) }),
  () => W.leakyRelu(new Float32Array(8), { negativeSlope: NaN }),
  () => W.softmax(new Float32Array(9), { rowLength: 4 }),
  () => W.tanh(new Float32Array(8), { unknown: 1 }),
  () => {
    const b = W.allocate(16);
    const v = b.array;
    b.dispose();
    return W.gelu(v);
  },
];

/** One random call; returns its result and a way to recompute it on the js backend. */
function oneCall() {
  const dtype = rand() < 0.1 ? 'float64' : 'float32';
  const r = rand();
  if (r < 0.12) {
    const rowLength = pick([1, 7, 64, 1000]);
    const n = rowLength * (1 + Math.floor(rand() * 40));
    const fn = pick(['softmax', 'logSoftmax', 'softmin']);
    const a = arrays(n, 2, dtype);
    const [x, dy] = a.list;
    const forward = rand() < 0.5;
    const run = () => (forward ? W[fn](x, { rowLength }) : W[fn].backward(dy, x, { rowLength }));
    return { a, run, what: `${fn}${forward ? '' : '.backward'} ${dtype} n=${n} rowLength=${rowLength}` };
  }
  const name = pick(ELEMENTWISE);
  const opts = options(name);
  const n = size();
  const backward = rand() < 0.4;
  const a = arrays(n, backward ? 2 : 1, dtype);
  const run = backward ? () => W[name].backward(a.list[0], a.list[1], opts) : () => W[name](a.list[0], opts);
  return { a, run, what: `${name}${backward ? '.backward' : ''} ${dtype} n=${n}` };
}

async function sample() {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 0)); // FinalizationRegistry callbacks run after the collection
  const mem = existingMemory()?.usage();
  return {
    heap: process.memoryUsage().heapUsed / MiB,
    wasm: (mem?.memoryBytes ?? 0) / MiB,
    live: (mem?.liveBytes ?? 0) / MiB,
    buffers: mem?.liveBuffers ?? 0,
    quarantined: (mem?.quarantinedBytes ?? 0) / MiB,
  };
}

const pool = POOL ? await W.createPool({ threads: 2, minParallel: 32_768, maximumMemory: 256 * MiB }) : undefined;
const samples = [];
const failures = [];
let poolCalls = 0;
let badCalls = 0;
let checked = 0;
const started = performance.now();
const line = (i, s) =>
  console.log(`${String(i).padStart(7)} calls  heap ${s.heap.toFixed(1).padStart(6)} MiB  wasm memory ${s.wasm.toFixed(0).padStart(5)} MiB` +
    `  live ${String(s.buffers).padStart(3)} buffers ${s.live.toFixed(1).padStart(6)} MiB  quarantined ${s.quarantined.toFixed(1).padStart(6)} MiB` +
    `  ${((performance.now() - started) / 1000).toFixed(0)} s`);

for (let i = 1; i <= CALLS; i++) {
  if (i % 997 === 0) W.setBackend(pick([...BACKENDS, 'auto']));
  const r = rand();
  if (r < 0.02) {
    badCalls++;
    try {
      pick(BAD)();
      failures.push(`bad call ${i} did not throw`);
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof RangeError)) failures.push(`bad call ${i} threw ${e}`);
    }
    continue;
  }
  const { a, run, what } = oneCall();
  if (pool && r < 0.07) {
    poolCalls++;
    const x = a.list[a.list.length - 1];
    await pool.sigmoid(x).then((y) => {
      if (y.length !== x.length) failures.push(`pool call ${i}: wrong length`);
    });
  } else {
    const y = run();
    // Now and then, the same call on the js backend (float64 math) must agree.
    if (i % 101 === 0 && y.length > 0) {
      const before = W.getBackend();
      W.setBackend('js');
      const want = run();
      W.setBackend(before);
      checked++;
      for (let k = 0; k < y.length; k += Math.max(1, y.length >> 6)) {
        const d = Math.abs(y[k] - want[k]);
        if (!(d <= 1e-4 * Math.max(1, Math.abs(want[k]))) && !(Number.isNaN(y[k]) && Number.isNaN(want[k]))) {
          failures.push(`call ${i} (${what} on ${before}): element ${k} is ${y[k]}, the js backend says ${want[k]}`);
          break;
        }
      }
    }
  }
  a.done();
  if (i % Math.max(1, Math.floor(CALLS / 20)) === 0) {
    const s = await sample();
    samples.push(s);
    line(i, s);
  }
  if (i % 2000 === 0) globalThis.gc();
}
await pool?.close();

// Growth: after the warm-up (the first 30 % of the calls, while the memory reaches the size
// that the garbage awaiting collection needs), neither the JS heap nor the wasm memory may
// grow past 1.5× its warm-up peak plus a margin.
const warm = samples.slice(0, Math.ceil(samples.length * 0.3));
const rest = samples.slice(warm.length);
const peak = (k) => Math.max(...warm.map((s) => s[k]));
for (const [k, margin] of [['heap', 16], ['wasm', 8]]) {
  const worst = Math.max(...rest.map((s) => s[k]));
  if (rest.length && worst > 1.5 * peak(k) + margin) failures.push(`${k} grew from ${peak(k).toFixed(1)} MiB to ${worst.toFixed(1)} MiB`);
}
console.log(`${CALLS} calls (${poolCalls} on the pool, ${badCalls} bad calls rejected, ${checked} checked against the js backend) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (REPORT) {
  // The CI summary's shape (.ci/run): the soak run counts as one test.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(REPORT, JSON.stringify({ numPassedTests: failures.length ? 0 : 1, numFailedTests: failures.length ? 1 : 0, failures }));
}
if (failures.length) {
  console.log(`FAILED:\n${failures.slice(0, 20).join('\n')}`);
  process.exit(1);
}
console.log('no growth, no corruption');
