// This package's implementations and the baselines (naive JS loop, copy ceiling), as
// benchmark implementations. An implementation's prepare(case, io, ctx) returns
//   { run(), result(), enter?(), dispose?(), async? }
// where run() does one call on the next input of the pool, result() returns one output
// (as a Float32Array copy) for the agreement check, and enter() runs, untimed, before
// each timed run (for example to switch the global backend). `where: 'node'` marks an
// implementation that runs in Node only. Browser-safe.

import { target } from './cases.mjs';

/** Cycles 0, 1, …, size-1, 0, … */
export function rotation(size) {
  let k = size - 1;
  return () => (k = k + 1 === size ? 0 : k + 1);
}

/**
 * run() calls `call` on the next input of the pool (one or two operands); at(k) on input k.
 */
function caller(io, names, call) {
  const [a, b] = names;
  const at = names.length === 1
    ? (k) => call(io.plain[a][k])
    : (k) => call(io.plain[a][k], io.plain[b][k]);
  const next = rotation(io.pool);
  return { run: () => at(next()), at };
}

const naive = {
  id: 'naive',
  label: 'naive JS',
  prepare(c, io) {
    const f = c.naive;
    const { run, at } = caller(io, c.inputs, c.inputs.length === 1 ? (x) => f(x, io.out) : (a, b) => f(a, b, io.out));
    return { run, result: () => { at(0); return io.out.slice(); } };
  },
};

/** Fresh copies of the inputs and a fresh out, allocated the way a user would. */
function ownArrays(c, io) {
  const plain = {};
  for (const name of c.inputs) plain[name] = io.sources[name].map((a) => a.slice());
  return { pool: io.pool, plain, out: new Float32Array(io.outLength) };
}

/**
 * This package through plain Float32Arrays (the streamed path) on one backend ('simd':
 * the SIMD build init() chose, ctx.simdBackend). With
 * `own`, the implementation allocates its own arrays (a copy of each input, a new out)
 * with new Float32Array, as a user would, instead of using the arena placement that
 * changes every round: large fresh arrays tend to share their offset modulo 4096.
 */
function streamed(id, label, backend, own = false) {
  return {
    id,
    label,
    prepare(c, io, ctx) {
      const { W } = ctx;
      const name = backend === 'simd' ? ctx.simdBackend ?? 'wasm-simd' : backend;
      const f = target(W, c);
      const arrays = own ? ownArrays(c, io) : io;
      const opts = { ...c.opts, out: arrays.out };
      const call = c.inputs.length === 1
        ? (x) => { opts.out = arrays.out; f(x, opts); }
        : (a, b) => { opts.out = arrays.out; f(a, b, opts); };
      const { run, at } = caller(arrays, c.inputs, call);
      W.setBackend(name);
      return {
        enter: () => W.setBackend(name),
        run,
        result: () => { W.setBackend(name); at(0); return arrays.out.slice(); },
      };
    },
  };
}

/** SIMD wasm with every operand in allocate() buffers: no copies at all. */
const zeroCopy = {
  id: 'simd-zc',
  label: 'SIMD zero-copy',
  prepare(c, io, { W, simdBackend = 'wasm-simd' }) {
    W.setBackend(simdBackend);
    const f = target(W, c);
    const buffers = [];
    const alloc = (n) => {
      const b = W.allocate(n);
      buffers.push(b);
      return b;
    };
    const pools = c.inputs.map((name) => io.sources[name].map((src) => alloc(src.length)));
    const outBuf = alloc(io.outLength);
    // Views are read after every allocation (growth would make earlier views stale).
    pools.forEach((pool, j) => pool.forEach((b, k) => b.array.set(io.sources[c.inputs[j]][k])));
    const views = pools.map((pool) => pool.map((b) => b.array));
    const out = outBuf.array;
    const opts = { ...c.opts, out };
    const at = views.length === 1 ? (k) => f(views[0][k], opts) : (k) => f(views[0][k], views[1][k], opts);
    const next = rotation(io.pool);
    return {
      enter: () => W.setBackend(simdBackend),
      run: () => at(next()),
      result: () => { W.setBackend(simdBackend); at(0); return out.slice(); },
      dispose: () => buffers.forEach((b) => b.dispose()),
    };
  },
};

/** Float32Array.prototype.set of n elements: the memory-bandwidth ceiling. */
const copy = {
  id: 'copy',
  label: 'copy (set)',
  prepare(c, io) {
    const next = rotation(io.pool);
    const name = c.inputs[c.inputs.length - 1];
    return { run: () => io.sink.set(io.plain[name][next()]), result: null };
  },
};

/** Ours and the baselines, in column order. */
export const OUR_IMPLS = [
  naive,
  streamed('js', 'pkg js', 'js'),
  streamed('wasm', 'pkg wasm (scalar)', 'wasm'),
  streamed('simd', 'SIMD streamed', 'simd'),
  streamed('simd-new', 'SIMD streamed, new arrays', 'simd', true),
  zeroCopy,
  copy,
];
