// Developer tool: compares the kernel throughput of two SIMD wasm builds side by side,
// interleaved, calling the exports directly on 1 Mi elements in wasm memory (no TS layer).
//   node scripts/dev/compare-wasm.mjs old.wasm new.wasm [export,export,...]
// Prints Melem/s per export for each build (median of 25 interleaved rounds).
import fs from 'fs';
const files = process.argv.slice(2, 4);
const fns = (process.argv[4] ?? 'sigmoid_forward,tanh_forward,relu_forward,gelu_forward,silu_forward,elu_forward').split(',');
const n = 1 << 20;
// The SIMD builds load their loop constants from this block (scripts/wasm-passes.mjs).
const constantsFile = new URL('../../build/constants.bin', import.meta.url);
const constants = fs.existsSync(constantsFile) ? fs.readFileSync(constantsFile) : new Uint8Array(0);
const mods = files.map((f) => {
  const mem = new WebAssembly.Memory({ initial: 200 });
  new Uint8Array(mem.buffer).set(constants, 32768);
  const ex = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(f)), { env: { memory: mem } }).exports;
  const x = new Float32Array(mem.buffer, 1 << 20, n);
  for (let i = 0; i < n; i++) x[i] = Math.random() * 16 - 8;
  return ex;
});
const X = 1 << 20, Y = X + n * 4 + 2048 + 64;
// Exports taking (x, y, n, a, b): forward and derivative kernels (backward kernels have
// another signature and are skipped).
for (const fn of fns.filter((f) => !/_backward/.test(f))) {
  const t = mods.map(() => []);
  for (let r = 0; r < 25; r++) mods.forEach((ex, i) => {
    if (!ex[fn]) return;
    const t0 = performance.now();
    for (let o = 0; o < n; o += 65536) ex[fn](X + o * 4, Y + o * 4, 65536, 1, 0);
    t[i].push(performance.now() - t0);
  });
  console.log(fn.padEnd(22), t.map((a) => { a.sort((p, q) => p - q); return a.length ? (n / a[12] / 1e3).toFixed(0) : '-'; }).join('  '));
}
