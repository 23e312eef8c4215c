// Quick throughput check of the piecewise activations (not the benchmark suite, not a
// test): Melem/s at n elements (default 1 Mi), inputs uniform in [-8, 8], for a naive
// JS loop, the package's js backend, and the wasm backends on the zero-copy path.
// Median of 7 trials. Run after `npm run build`:
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

function rate(fn) {
  fn(); fn();
  const trials = [];
  for (let t = 0; t < 7; t++) {
    let reps = 0;
    const t0 = performance.now();
    let t1 = t0;
    while (t1 - t0 < 40) { fn(); reps++; t1 = performance.now(); }
    trials.push((n * reps) / ((t1 - t0) * 1e3));
  }
  trials.sort((a, b) => a - b);
  return trials[3];
}

// Naive loops, as a user would write them.
const naive = {
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

const rows = [];
for (const name of Object.keys(naive)) {
  const o = opts[name] ?? {};
  const f = wa[name];
  const r = { name: `${name} forward`, naive: rate(() => naive[name](xs, ys)) };
  wa.setBackend('js');
  r.js = rate(() => f(xs, { ...o, out: ys }));
  for (const b of ['wasm', 'wasm-simd']) {
    wa.setBackend(b);
    r[b] = rate(() => f(x.array, { ...o, out: out.array }));
  }
  rows.push(r);
}
for (const name of Object.keys(naiveBackward)) {
  const f = wa[name];
  const r = { name: `${name} backward`, naive: rate(() => naiveBackward[name](dys, xs, ys)) };
  wa.setBackend('js');
  r.js = rate(() => f.backward(dys, xs, { out: ys }));
  for (const b of ['wasm', 'wasm-simd']) {
    wa.setBackend(b);
    r[b] = rate(() => f.backward(dy.array, x.array, { out: out.array }));
  }
  rows.push(r);
}
const copy = rate(() => ys.set(xs));
console.log(`n = ${n}, Melem/s (median of 7), zero-copy for wasm; Float32Array.set copy: ${copy.toFixed(0)}`);
console.log('activation'.padEnd(22) + ['naive JS', 'js backend', 'wasm', 'wasm-simd', 'simd/naive'].map((h) => h.padStart(11)).join(''));
for (const r of rows) {
  const cells = [r.naive, r.js, r.wasm, r['wasm-simd']].map((v) => v.toFixed(0).padStart(11));
  console.log(r.name.padEnd(22) + cells.join('') + `${(r['wasm-simd'] / r.naive).toFixed(1)}×`.padStart(11));
}
