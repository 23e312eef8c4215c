// npm start: the package's main job on a built-in batch. 16 Mi float32 inputs (seeded,
// uniform in [-8, 8)) and upstream gradients dy (uniform in [-1, 1)); every activation
// the package exports with a backward pass (the forward cases of bench/cases.mjs, with
// their options) runs forward and backward on every backend
// (SIMD wasm streamed and zero-copy, scalar wasm, js), next to the naive JS loop.
// Prints Melem/s, ratios to the naive loop, and how far the backends are from each other,
// one row as soon as it is measured, with a progress line on a terminal.
// Timing: one warm-up call, then one timed call per cell (this is a demo; `npm run bench`
// measures properly).

import * as W from '../dist/index.js';
import { CASES, target } from '../bench/cases.mjs';
import { uniform } from '../bench/inputs.mjs';
import { fmt, maxAbsDiff } from '../bench/stats.mjs';
import { naiveLoop } from '../demo/naive.js';

const N = 2 ** 24;
/** Scalar wasm, the JS backend and the naive loops run on a prefix: they are 3–60× slower. */
const JS_N = 2 ** 21;
/** Backends agree when max |Δ| ≤ this (outputs are at most 8 in size; DESIGN allows a few ULP). */
const AGREE = 1e-5;

const now = () => performance.now();

/** Milliseconds of one call, after one warm-up call. */
function timed(f) {
  f();
  const t = now();
  f();
  return now() - t;
}

function identical(a, b) {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** The forward bench cases whose function the package exports with a backward pass. */
function demoCases() {
  return CASES.filter((c) => c.mode === 'forward' && target(W, c) && typeof W[c.fn].backward === 'function');
}

const HEADERS = ['activation', 'pass', 'SIMD streamed', 'SIMD zero-copy', 'wasm scalar', 'pkg js', 'naive JS',
  'zero-copy ÷ naive', 'streamed ÷ naive', 'max |Δ| wasm vs js', 'streamed ≡ zero-copy'];

/**
 * Prints a table one row at a time (columns sized by the headers and the longest first
 * cell), with a transient progress line under it when stderr is a terminal.
 */
function streamingTable(headers, firstWidth) {
  const widths = headers.map((h, i) => Math.max(h.length, i === 0 ? firstWidth : 8));
  const line = (r) => r.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const tty = process.stderr.isTTY;
  const clear = () => { if (tty) process.stderr.write('\r\x1b[K'); };
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  return {
    row(r) { clear(); console.log(line(r)); },
    progress(text) { if (tty) process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 100) - 1)}`); },
    done() { clear(); },
  };
}

async function main() {
  const t0 = now();
  const t = now();
  const auto = await W.init();
  const initMs = now() - t;
  // The scalar build loads on demand: load it for its column, then choose automatically again.
  await W.init('wasm');
  await W.init('auto');
  const x = uniform(N, -8, 8, 12345);
  const dy = uniform(N, -1, 1, 54321);
  const xs = x.subarray(0, JS_N);
  const dys = dy.subarray(0, JS_N);
  const xb = W.allocate(N);
  const dyb = W.allocate(N);
  const outb = W.allocate(N);
  xb.array.set(x);
  dyb.array.set(dy);
  const outStreamed = new Float32Array(N);
  const outScalar = new Float32Array(JS_N);
  const outJs = new Float32Array(JS_N);
  const outNaive = new Float32Array(JS_N);
  const small = 4096;

  console.log(`wasm-activations demo: ${N.toLocaleString('en-US')} float32 inputs x ~ U[-8, 8) and dy ~ U[-1, 1) (seeded)`);
  console.log(`auto-selected backend: ${auto} (init() took ${initMs.toFixed(1)} ms)`);
  console.log(`Melem/s from one timed call after one warm-up call; the wasm scalar, pkg js and naive JS cells run on the first ${JS_N.toLocaleString('en-US')} elements (they are slow; rates are per element)`);
  console.log('forward: y = f(x); backward: dx = f.backward(dy, x)\n');

  const cases = demoCases();
  const out = streamingTable(HEADERS, Math.max(...cases.map((c) => c.id.length)));
  const total = cases.length * 2;
  const started = now();
  let done = 0;
  let allAgree = true;
  let allIdentical = true;
  for (const c of cases) {
    const f = W[c.fn];
    const outN = c.outLength ? c.outLength(N) : N;
    for (const pass of ['forward', 'backward']) {
      // Output length and the dy operand (glu: dy and y are half as long as x and dx).
      const n = pass === 'forward' ? outN : N;
      const naive = pass === 'forward' ? c.naive : naiveLoop(c.fn, c.opts, 'backward');
      const elapsed = (now() - started) / 1e3;
      const eta = done ? ` ETA ${Math.round((elapsed / done) * (total - done))} s` : '';
      out.progress(`[${done + 1}/${total}] ${c.id} ${pass}: timing 5 implementations on ${N.toLocaleString('en-US')} elements… (${Math.round(elapsed)} s${eta})`);
      const opts = (out) => ({ ...c.opts, out });
      const run = (backend, xIn, out, dyIn) => {
        W.setBackend(backend);
        if (pass === 'forward') f(xIn, opts(out));
        else f.backward(dyIn.subarray(0, xIn.length * outN / N), xIn, opts(out));
      };
      const rate = (elements, ms) => elements / ms / 1e3;
      const part = (a, len) => a.subarray(0, len);
      // A few small calls first, so the big timed calls do not start in the baseline tier.
      for (const backend of ['wasm-simd', 'wasm']) {
        for (let i = 0; i < 20; i++) run(backend, part(x, small), part(outStreamed, pass === 'forward' ? small * outN / N : small), dy);
      }
      const simd = rate(N, timed(() => run('wasm-simd', x, part(outStreamed, n), dy)));
      const zc = rate(N, timed(() => run('wasm-simd', xb.array, part(outb.array, n), dyb.array)));
      const jsN = n * JS_N / N;
      const scalar = rate(JS_N, timed(() => run('wasm', xs, part(outScalar, jsN), dys)));
      const js = rate(JS_N, timed(() => run('js', xs, part(outJs, jsN), dys)));
      const nv = naive
        ? rate(JS_N, timed(() => (pass === 'forward' ? naive(xs, part(outNaive, jsN)) : naive(part(dys, JS_N * outN / N), xs, outNaive))))
        : undefined;
      const same = identical(part(outStreamed, n), part(outb.array, n));
      const diff = Math.max(
        maxAbsDiff(part(outStreamed, jsN), part(outJs, jsN)),
        maxAbsDiff(part(outScalar, jsN), part(outJs, jsN)),
      );
      allIdentical &&= same;
      allAgree &&= diff <= AGREE;
      out.row([
        c.id, pass, fmt(simd), fmt(zc), fmt(scalar), fmt(js), nv === undefined ? '–' : fmt(nv),
        nv === undefined ? '–' : `${fmt(zc / nv)}×`, nv === undefined ? '–' : `${fmt(simd / nv)}×`,
        diff === 0 ? '0' : diff.toExponential(1), same ? 'yes' : 'NO',
      ]);
      done++;
    }
  }
  out.done();
  W.setBackend('auto');
  console.log(`\nagreement: ${allAgree ? 'all' : 'NOT all'} wasm results within ${AGREE} of the js backend (float64 math) over the first ${JS_N.toLocaleString('en-US')} elements; `
    + `SIMD streamed and zero-copy outputs ${allIdentical ? 'are bitwise identical' : 'DIFFER'} over all ${N.toLocaleString('en-US')}.`);
  console.log(`done in ${((now() - t0) / 1e3).toFixed(1)} s`);
  for (const b of [xb, dyb, outb]) b.dispose();
  if (!allAgree || !allIdentical) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
