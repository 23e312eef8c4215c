// Quick throughput check of the piecewise activations (not the benchmark suite, not a
// test): Melem/s at n elements (default 1 Mi), inputs uniform in [-8, 8], for a naive
// JS loop, the package's js backend, and the wasm backends on the zero-copy path.
// Median and best of 9 interleaved trials. Run after `npm run build`:
//   node scripts/quick-bench-piecewise.mjs [n]
import * as wa from '../dist/index.js';

const n = Number(process.argv[2] ?? 2 ** 20);
const x = wa.allocate(n);
const dy = wa.allocate(n);
const out = wa.allocate(n);
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 16 - 8;
for (let i = 0; i < n; i++) x.array[i] = rand();
for (let i = 0; i < n; i++) dy.array[i] = rand();
const xs = x.array.slice();
const ys = new Float32Array(n);
const dys = dy.array.slice();

/** Trials of the variants interleaved (so that machine load hits all alike); per
 *  variant the median and the best Melem/s of 9 trials of about 50 ms. */
function rates(fns) {
  for (const fn of fns) { fn(); fn(); }
  const trials = fns.map(() => []);
  for (let t = 0; t < 9; t++) {
    fns.forEach((fn, k) => {
      let reps = 0;
      const t0 = performance.now();
      let t1 = t0;
      while (t1 - t0 < 50) { fn(); reps++; t1 = performance.now(); }
      trials[k].push((n * reps) / ((t1 - t0) * 1e3));
    });
  }
  return trials.map((v) => { v.sort((a, b) => a - b); return { median: v[4], best: v[8] }; });
}

// Naive loops, as a user would write them.
const naive = {
  relu: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? v : 0; } }, // yardstick
  relu6: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0), 6); },
  hardtanh: (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], -1), 1); },
  hardsigmoid: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v <= -3 ? 0 : v >= 3 ? 1 : v / 6 + 0.5; } },
  hardswish: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6; } },
  softshrink: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0; } },
  hardshrink: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 || v < -0.5 ? v : 0; } },
  threshold: (x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.1 ? v : 0; } },
};
const naiveBackward = {
  hardswish: (dy, x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < -3 ? 0 : v >= 3 ? dy[i] : dy[i] * (v / 3 + 0.5); } },
  hardtanh: (dy, x, y) => { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > -1 && v < 1 ? dy[i] : 0; } },
};
const opts = { threshold: { threshold: 0.1, value: 0 } };

const backendFn = (backend, fn) => () => { wa.setBackend(backend); fn(); };
const rows = [];
for (const name of Object.keys(naive)) {
  const o = opts[name] ?? {};
  const f = wa[name];
  rows.push([`${name} forward`, rates([
    () => naive[name](xs, ys),
    backendFn('js', () => f(xs, { ...o, out: ys })),
    backendFn('wasm', () => f(x.array, { ...o, out: out.array })),
    backendFn('wasm-simd', () => f(x.array, { ...o, out: out.array })),
  ])]);
}
for (const name of Object.keys(naiveBackward)) {
  const f = wa[name];
  rows.push([`${name} backward`, rates([
    () => naiveBackward[name](dys, xs, ys),
    backendFn('js', () => f.backward(dys, xs, { out: ys })),
    backendFn('wasm', () => f.backward(dy.array, x.array, { out: out.array })),
    backendFn('wasm-simd', () => f.backward(dy.array, x.array, { out: out.array })),
  ])]);
}
const [copy] = rates([() => ys.set(xs)]);
console.log(`n = ${n}; Melem/s, median (best) of 9 interleaved trials; wasm zero-copy; Float32Array.set copy ${copy.median.toFixed(0)} (${copy.best.toFixed(0)})`);
console.log('activation'.padEnd(20) + ['naive JS', 'js backend', 'wasm', 'wasm-simd', 'simd/naive'].map((h) => h.padStart(14)).join(''));
const cell = (r) => `${r.median.toFixed(0)} (${r.best.toFixed(0)})`.padStart(14);
for (const [name, r] of rows) {
  const ratio = `${(r[3].median / r[0].median).toFixed(1)}× (${(r[3].best / r[0].best).toFixed(1)}×)`;
  console.log(name.padEnd(20) + r.map(cell).join('') + ratio.padStart(14));
}
