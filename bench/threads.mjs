// Worker-pool throughput against thread count: sigmoid, tanh, gelu (where exported) and
// relu at 1 Mi and 16 Mi elements, on the single-thread SIMD backend (the baseline) and
// on pools of 1, 2 and os.availableParallelism() threads, zero-copy (buffers in wasm
// memory: allocate() / pool.allocate()) and streamed (plain Float32Arrays).
//
//   npm run build && node bench/threads.mjs [--rounds 15] [--quick] [--wait-idle 600] [--warm-calls 300]
//
// --wait-idle S: up to S seconds in all of waiting for an idle machine (over 90 % idle for
// 1-3 s), before the start and before each round that follows a contended one.
//
// Rounds are interleaved (every configuration once per round, in a rotating order) so that
// a slow spell of a shared machine hits all of them alike; each figure is the median over
// the rounds with its spread (min–max and interquartile range), and each speedup is the
// median of per-round ratios against the baseline measured in the same round. Machine load
// (os.loadavg) before and after goes into the report. Writes bench/threads.json,
// bench/threads.md and bench/threads.svg (threads-report.mjs, which can also rewrite the
// last two from the JSON alone). Not a test: nothing here asserts a speed.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as W from '../dist/index.js';
import { uniform } from './inputs.mjs';
import { sizeLabel, stats } from './stats.mjs';
import { writeReport } from './threads-report.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const QUICK = args.includes('--quick');
const ROUNDS = arg('--rounds', QUICK ? 5 : 15);
const SIZES = [2 ** 20, 2 ** 24];
const NAMES = ['sigmoid', 'tanh', 'gelu', 'relu'].filter((n) => typeof W[n] === 'function');
const cores = os.availableParallelism?.() ?? os.cpus().length;
const THREADS = [...new Set([1, 2, cores])].sort((a, b) => a - b);
/** Each timed sample lasts at least this long (small sizes repeat the call). */
const SAMPLE_MS = 40;

/**
 * CPU times of the whole machine in ms: idle, all, and steal (time the hypervisor gave
 * this VM's virtual CPUs to others; Linux /proc/stat, 0 elsewhere).
 */
function cpuTimes() {
  const t = os.cpus().reduce((t, c) => ({ idle: t.idle + c.times.idle, all: t.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
  let steal = 0;
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    steal = (Number(fields[8]) * 1000) / 100; // USER_HZ ticks
  } catch {
    // not Linux
  }
  return { ...t, steal };
}

/**
 * Measures what others took of the machine while `f` ran: (busy CPU time of the machine
 * - this process's, workers included, + steal) / (wall time · cores).
 */
async function others(f) {
  const m0 = cpuTimes();
  const p0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = performance.now() - t0;
  const m1 = cpuTimes();
  const p1 = process.cpuUsage(p0);
  const busy = m1.all - m0.all - (m1.idle - m0.idle);
  const taken = busy - (p1.user + p1.system) / 1000 + (m1.steal - m0.steal);
  return { value, others: Math.max(0, taken / (wall * cores)) };
}

/** Rounds in which other processes used at most this much of the machine count as quiet. */
const QUIET = 0.05;

/** Fraction of CPU time idle over the next `ms` (all cores). */
async function idleFraction(ms) {
  const sum = cpuTimes;
  const a = sum();
  await new Promise((r) => setTimeout(r, ms));
  const b = sum();
  return (b.idle - a.idle) / Math.max(1, b.all - a.all);
}

const waitBudget = { left: arg('--wait-idle', 0) * 1000, spent: 0 };

/** Waits (within the budget) until the machine is idle; returns the idle fraction last seen. */
async function untilIdle(ms) {
  let idle = await idleFraction(ms);
  while (idle < 0.9 && waitBudget.left > 0) {
    const t = Date.now();
    console.log(`waiting for an idle machine: ${(idle * 100).toFixed(0)} % idle, load ${os.loadavg().map((v) => v.toFixed(2))}`);
    idle = await idleFraction(ms);
    waitBudget.left -= Date.now() - t;
    waitBudget.spent += Date.now() - t;
  }
  return idle;
}

const idleBefore = await untilIdle(3000);

W.setBackend('wasm-simd');
const pools = new Map();
for (const t of THREADS) pools.set(t, await W.createPool({ threads: t }));

// The pool's own JavaScript (recording a call, scheduling, the workers' chunk loop) runs
// only a few times per sample at these sizes, and cold it costs ~0.9 ms a call against
// ~0.15 ms once optimised. Warm it first, as a long-running pipeline would: the figures
// are then steady-state throughput, not V8's interpreter.
const WARM_CALLS = arg('--warm-calls', 300);
const WARM_N = 2 ** 19;
for (const pool of pools.values()) {
  const resident = pool.allocate(WARM_N);
  const plain = new Float32Array(WARM_N);
  for (let i = 0; i < WARM_CALLS; i++) {
    await pool.relu(resident.array, { out: resident.array });
    await pool.relu(plain, { out: plain });
  }
  resident.dispose();
}

// ---- the machine's own 2-thread capacity, measured apart from the pool ------------------
// A virtual machine's two vCPUs can land on one physical core (SMT siblings) or share it with
// other guests; no counter inside the guest shows it. So each round is bracketed by a probe:
// the SIMD sigmoid kernel over an L2-resident buffer (no memory traffic, no pool machinery)
// on one raw worker thread, then on two at once; capacity = 2·t(one) / t(two), ideally 2.

const probeWorkers = await (async () => {
  const { Worker } = await import('node:worker_threads');
  // The threads build the pool runs here (relaxed SIMD where the engine has it), with its
  // constants block written into the probe's memory as the pool does.
  const { decode, writeConstants } = await import('../dist/backends/constants.js');
  const { default: relaxedHex } = await import('../dist/generated/wasm-relaxed-threads.js');
  const { default: simdHex } = await import('../dist/generated/wasm-simd-threads.js');
  const hex = WebAssembly.validate(decode(relaxedHex)) ? relaxedHex : simdHex;
  const module = await WebAssembly.compile(decode(hex));
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 65536, shared: true });
  new Float32Array(memory.buffer).forEach((_, i, a) => { if (i >= 32768) a[i] = Math.sin(i) * 8; });
  writeConstants(memory);
  const code = `const { workerData, parentPort } = require('node:worker_threads');
    const { module, memory, at } = workerData;
    const run = new WebAssembly.Instance(module, { env: { memory } }).exports.sigmoid_forward;
    parentPort.on('message', (reps) => {
      const s = performance.now();
      for (let r = 0; r < reps; r++) run(at, at + 65536, 16384, 0, 0);
      parentPort.postMessage(performance.now() - s);
    });`;
  const list = [0, 1].map((k) => new Worker(code, { eval: true, workerData: { module, memory, at: 131072 + k * 262144 } }));
  for (const w of list) w.unref();
  return list;
})();
const PROBE_REPS = 600;
const probeRun = (list) => Promise.all(list.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(PROBE_REPS); })));
await probeRun(probeWorkers);

/** The machine's 2-thread capacity now (1 = no parallelism, 2 = two full cores). */
async function capacity() {
  const [one] = await probeRun([probeWorkers[0]]);
  const two = await probeRun(probeWorkers);
  return (2 * one) / Math.max(...two);
}

/** Rounds whose capacity before and after is at least this count as full-capacity rounds. */
const FULL = 1.8;

/** The configurations of one size: a name and an async call that computes `fn` once. */
function configs(n, x) {
  const single = { x: W.allocate(n), out: W.allocate(n) };
  single.x.array.set(x);
  const plainOut = new Float32Array(n);
  const list = [
    { label: 'single-thread SIMD, zero-copy', threads: 0, path: 'zero-copy', run: (f) => f(single.x.array, { out: single.out.array }) },
    { label: 'single-thread SIMD, streamed', threads: 0, path: 'streamed', run: (f) => f(x, { out: plainOut }) },
  ];
  for (const [t, pool] of pools) {
    const px = pool.allocate(n);
    const po = pool.allocate(n);
    px.array.set(x);
    list.push({ label: `pool ${t}, zero-copy`, threads: t, path: 'zero-copy', pool, run: (f) => f(px.array, { out: po.array }) });
    list.push({ label: `pool ${t}, streamed`, threads: t, path: 'streamed', pool, run: (f) => f(x, { out: plainOut }) });
  }
  return list;
}

/** Seconds per call of `c` running `name`, over a sample of at least SAMPLE_MS. */
async function sample(c, name) {
  const f = c.pool ? c.pool[name] : W[name];
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < SAMPLE_MS || calls < 2) {
    await c.run(f);
    calls++;
    now = performance.now();
  }
  return (now - start) / 1000 / calls;
}

const load = { before: os.loadavg(), after: undefined };
const results = [];
for (const n of SIZES) {
  const x = uniform(n, -8, 8, 12345);
  const list = configs(n, x);
  for (const name of NAMES) {
    for (const c of list) for (let i = 0; i < 3; i++) await c.run(c.pool ? c.pool[name] : W[name]); // warm-up
    const times = list.map(() => []);
    const ratios = list.map(() => []);
    const contention = [];
    const capacities = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r > 0 && contention[r - 1] > QUIET) await untilIdle(1000);
      const before = await capacity();
      const { value: round, others: busy } = await others(async () => {
        const round = new Array(list.length);
        for (let k = 0; k < list.length; k++) {
          const i = (k + r) % list.length;
          round[i] = await sample(list[i], name);
        }
        return round;
      });
      contention.push(busy);
      capacities.push(Math.min(before, await capacity()));
      round.forEach((t, i) => {
        times[i].push(t);
        ratios[i].push(round[list[i].path === 'zero-copy' ? 0 : 1] / t);
      });
    }
    // Figures over the quiet rounds (no other process, full 2-thread capacity) where there
    // are at least 3, else over all of them.
    const quiet = contention.map((c, r) => (c <= QUIET && capacities[r] >= FULL ? r : -1)).filter((r) => r >= 0);
    const kept = quiet.length >= 3 ? quiet : contention.map((_, r) => r);
    if (quiet.length < 3) console.log(`${name} ${n}: only ${quiet.length} quiet rounds; figures over all ${ROUNDS}`);
    list.forEach((c, i) => {
      results.push({
        name, n, label: c.label, threads: c.threads, path: c.path,
        melems: stats(kept.map((r) => n / times[i][r] / 1e6)),
        speedup: stats(kept.map((r) => ratios[i][r])),
        all: { melems: stats(times[i].map((t) => n / t / 1e6)), speedup: stats(ratios[i]) },
        rounds: { total: ROUNDS, quiet: quiet.length, used: kept.length, contention, capacities },
      });
    });
    const line = list.map((c, i) => `${c.label} ${(n / stats(times[i]).median / 1e6).toFixed(0)}`).join(' | ');
    console.log(`${name} ${sizeLabel(n)}: ${line} Melem/s`);
  }
}
load.after = os.loadavg();
for (const pool of pools.values()) await pool.close();

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', cores, node: process.version, platform: `${os.platform()} ${os.arch()}`,
  loadavg: load, idleBefore, waitedForIdleMs: waitBudget.spent, date: new Date().toISOString(), rounds: ROUNDS, sampleMs: SAMPLE_MS, warmCalls: WARM_CALLS,
  quiet: { others: QUIET, capacity: FULL },
};
writeFileSync(new URL('./threads.json', import.meta.url), JSON.stringify({ machine, results }, null, 2) + '\n');
writeReport({ machine, results });
console.log(`wrote bench/threads.{json,md,svg}; load average before ${load.before.map((v) => v.toFixed(2))}, after ${load.after.map((v) => v.toFixed(2))}`);

