// The in-browser benchmark: one activation over one batch, as a naive JS loop and
// through the package on each backend (streamed from an ordinary Float32Array, and
// zero-copy from an allocate() buffer with SIMD and relaxed SIMD). Reports medians in Melem/s.

import * as api from 'wasm-activations';
import { naiveLoop } from './naive.js';

const MIN_REPS = 5;
const MAX_REPS = 30;
const BUDGET_MS = 300;

const pause = () => new Promise((r) => setTimeout(r, 0));

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times `fn`: a few warm-up calls, then samples of enough back-to-back calls to last
 * about 5 ms each (browsers coarsen performance.now()), within a time budget.
 * Resolves to the median milliseconds per call.
 */
async function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  let t = performance.now();
  fn();
  const inner = Math.max(1, Math.ceil(5 / Math.max(performance.now() - t, 0.05)));
  const samples = [];
  const start = performance.now();
  while (samples.length < MIN_REPS || (samples.length < MAX_REPS && performance.now() - start < BUDGET_MS)) {
    t = performance.now();
    for (let i = 0; i < inner; i++) fn();
    samples.push((performance.now() - t) / inner);
    await pause();
  }
  return median(samples);
}

/** Uniform in [-8, 8], random signs. */
function inputs(n) {
  const x = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s / 4294967296) * 16 - 8;
  }
  return x;
}

/** The variants that can run here for activation `name` with options `opts`. */
export function variants(name, opts) {
  const fn = api[name];
  const naive = naiveLoop(name, opts);
  const list = [];
  if (naive) list.push({ id: 'naive', label: 'naive JS loop', run: (x, y) => naive(x, y) });
  const backends = [['js', 'package, JS backend'], ['wasm', 'scalar wasm'], ['wasm-simd', 'SIMD wasm'], ['wasm-relaxed-simd', 'relaxed-SIMD wasm']];
  for (const [id, label] of backends) {
    list.push({ id, label, backend: id, run: (x, y) => fn(x, { ...opts, out: y }) });
  }
  for (const [id, label] of backends.slice(2)) {
    list.push({ id: `${id}-zero-copy`, label: `${label}, zero-copy`, backend: id, zeroCopy: true,
      run: (x, y) => fn(x, { ...opts, out: y }) });
  }
  return list;
}

/**
 * Runs every variant over `n` elements; `progress(text)` reports each step. Resolves to
 * [{ id, label, ms, melem }] (variants whose backend is unavailable are left out).
 */
export async function runBenchmark(name, opts, n, progress = () => {}) {
  const x = inputs(n);
  const y = new Float32Array(n);
  const results = [];
  const previous = api.getBackend();
  try {
    for (const v of variants(name, opts)) {
      progress(`${v.label}…`);
      await pause();
      if (v.backend) {
        try {
          await api.init(v.backend); // loads the build where it is loaded on demand
        } catch {
          continue; // not available in this browser
        }
      }
      let ms;
      if (v.zeroCopy) {
        const bx = api.allocate(n);
        const by = api.allocate(n);
        try {
          bx.array.set(x);
          ms = await time(() => v.run(bx.array, by.array));
        } finally {
          bx.dispose();
          by.dispose();
        }
      } else {
        ms = await time(() => v.run(x, y));
      }
      results.push({ id: v.id, label: v.label, ms, melem: n / ms / 1000 });
    }
  } finally {
    if (previous === 'js') api.setBackend('js');
    else await api.init('auto');
  }
  return results;
}
