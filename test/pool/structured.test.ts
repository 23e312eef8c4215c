// The pool's row-wise and slope activations give the single-thread SIMD bits: the softmax
// family and glu over short rows (one kernel call per chunk of rows) and long rows (the
// workers compose them as the sync functions do), prelu with one and per-channel slopes,
// rrelu in eval and training mode (slopes rebuilt in the workers from the seed).

import { beforeEach, describe, expect, it } from 'vitest';
import { CHUNK } from '../../src/memory.js';
import { gradients, mulberry32 } from '../support/inputs.js';
import { varietyRows } from '../support/structured.js';
import { W, expectSameBits, filePool, internals, poolFn, resident, simd, syncFn, type Pool } from './support.js';

const current = filePool();
let pool: Pool;
beforeEach(() => {
  pool = current();
});

function random(n: number, seed: number, scale = 8): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** Calls method `mode` of `name` on the pool and on the SIMD backend, plain and zero-copy; expects equal bits. */
async function same(name: string, mode: string, args: Float32Array[], opts: Record<string, unknown>, outLength = args[args.length - 1]!.length): Promise<void> {
  const want = simd(() => (mode === 'forward' ? syncFn(name) : syncFn(name)[mode]!)(...args.map((a) => a.slice()), opts));
  const call = (a: unknown[], o: Record<string, unknown>) => (mode === 'forward' ? poolFn(pool, name) : poolFn(pool, name)[mode]!)(...a, o);
  const before = internals(pool).stats().workers;
  expectSameBits(await call(args.map((a) => a.slice()), opts), want, `${name}.${mode} plain ${JSON.stringify(opts)}`);
  const out = pool.allocate(outLength).array;
  expectSameBits(await call(args.map((a) => resident(pool, a)), { ...opts, out }), want, `${name}.${mode} zero-copy`);
  expect(internals(pool).stats().workers).toBe(before + 2);
}

describe('softmax family on the pool', () => {
  for (const name of ['softmax', 'logSoftmax', 'softmin']) {
    it(`${name}: forward, backward and backwardFromOutput over short and long rows`, async () => {
      for (const len of [1, 7, 1000, CHUNK + 1, 3 * CHUNK + 5]) {
        const { x } = varietyRows(len);
        const dy = gradients(x.length, len);
        const y = simd(() => syncFn(name)(x, { rowLength: len }));
        await same(name, 'forward', [x], { rowLength: len });
        await same(name, 'backward', [dy, x], { rowLength: len });
        await same(name, 'backwardFromOutput', [dy, y], { rowLength: len });
      }
    });
  }

  it('one whole-array row and in-place calls', async () => {
    const x = random(5 * CHUNK + 3, 3);
    const rowLength = x.length;
    await same('softmax', 'forward', [x], { rowLength });
    const a = x.slice();
    const want = simd(() => W.softmax(x, { rowLength }));
    expectSameBits(await pool.softmax(a, { out: a, rowLength }), want, 'in place');
    const r = resident(pool, x);
    expectSameBits(await pool.logSoftmax(r, { out: r, rowLength }), simd(() => W.logSoftmax(x, { rowLength })), 'in place resident');
    await expect(pool.softmax(x)).rejects.toThrow(/softmax: rowLength is required/);
  });
});

describe('softmax family over a middle dimension on the pool', () => {
  it('splits slabs × blocks of inner positions: whole-slab and gathered windows, resident and plain, in place', async () => {
    // SMALL_TUNING's window (5003 elements) holds whole slabs of [.., 21, 6, 7] (882) and
    // gathers blocks of lanes of [2, 21, 4100]'s slabs (86100).
    for (const [shape, dim] of [[[9, 21, 6, 7], 1], [[2, 21, 4100], 1], [[3, 40, 50], 0]] as [number[], number][]) {
      const n = shape.reduce((p, v) => p * v, 1);
      const x = random(n, n, 12);
      const dy = random(n, n + 1, 2);
      for (const name of ['softmax', 'logSoftmax', 'softmin']) {
        const y = simd(() => syncFn(name)(x, { shape, dim }));
        await same(name, 'forward', [x], { shape, dim });
        await same(name, 'backward', [dy, x], { shape, dim });
        await same(name, 'backwardFromOutput', [dy, y], { shape, dim });
      }
      const a = x.slice();
      expectSameBits(await pool.softmax(a, { shape, dim, out: a }), simd(() => W.softmax(x, { shape, dim })), 'in place');
    }
  });
});

describe('glu on the pool', () => {
  it('forward and backward over short and long rows, and backward in place over x', async () => {
    for (const len of [2, 10, 2000, 2 * CHUNK + 2, 3 * CHUNK + 8]) {
      const rows = Math.max(3, Math.ceil(40000 / len));
      const x = random(rows * len, len, 12);
      const dy = gradients(x.length / 2, len);
      await same('glu', 'forward', [x], { rowLength: len }, x.length / 2);
      await same('glu', 'backward', [dy, x], { rowLength: len });
      const want = simd(() => W.glu.backward(dy, x, { rowLength: len }));
      const inPlace = x.slice();
      expectSameBits(await pool.glu.backward(dy, inPlace, { rowLength: len, out: inPlace }), want, `in place ${len}`);
      const r = resident(pool, x);
      expectSameBits(await pool.glu.backward(resident(pool, dy), r, { rowLength: len, out: r }), want, `in place resident ${len}`);
    }
  });
});

describe('prelu and rrelu on the pool', () => {
  const x = random(60007, 5);
  const dy = gradients(x.length, 6);

  it('prelu with a number weight and per-channel weights in both layouts', async () => {
    const n = 60000;
    const xs = x.subarray(0, n);
    const ds = dy.subarray(0, n);
    const settings: Record<string, unknown>[] = [
      {}, { weight: 0.1 },
      { weight: Float32Array.from([0.1, -0.2, 0.3]), innerSize: 5 },
      { weight: Float32Array.from([0.5, 0.25, 2, -1, 0, 0.125]), innerSize: 100 },
      { weight: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5]), layout: 'channelsLast' },
    ];
    for (const opts of settings) {
      await same('prelu', 'forward', [xs], opts);
      await same('prelu', 'derivative', [xs], opts);
      await same('prelu', 'backward', [ds, xs], opts);
      const weightOpts = Object.fromEntries(Object.entries(opts));
      expectSameBits(await pool.prelu.weightGradient(ds, xs, weightOpts), simd(() => W.prelu.weightGradient(ds, xs, weightOpts)), 'weightGradient');
    }
  });

  it('rrelu in eval mode and in training mode with a seed and noise', async () => {
    await same('rrelu', 'forward', [x], {});
    await same('rrelu', 'forward', [x], { lower: 0.05, upper: 0.5 });
    await same('rrelu', 'derivative', [x], { training: true, seed: 1234 });
    await same('rrelu', 'forward', [x], { training: true, seed: 2 ** 40 + 17 });
    await same('rrelu', 'backward', [dy, x], { training: false });
    // Training forward writes the noise; backward reads it.
    const wantNoise = new Float32Array(x.length);
    const wantY = simd(() => W.rrelu(x, { training: true, seed: 99, noise: wantNoise }));
    const noise = pool.allocate(x.length).array;
    expectSameBits(await pool.rrelu(x, { training: true, seed: 99, noise }), wantY, 'training forward');
    expectSameBits(noise, wantNoise, 'noise');
    const plainNoise = new Float32Array(x.length);
    expectSameBits(await pool.rrelu(resident(pool, x), { training: true, seed: 99, noise: plainNoise }), wantY, 'training forward, plain noise');
    expectSameBits(plainNoise, wantNoise, 'plain noise');
    expectSameBits(await pool.rrelu.backward(dy, x, { training: true, noise }), simd(() => W.rrelu.backward(dy, x, { training: true, noise: wantNoise })), 'training backward');
  });
});

describe('float64 data on the pool', () => {
  it('is computed in JavaScript (float64) on the calling thread, as by the sync functions', async () => {
    const x64 = Float64Array.from(random(300000, 8));
    const stats = internals(pool).stats();
    const got = await pool.sigmoid(x64);
    expect(got).toBeInstanceOf(Float64Array);
    expectSameBits(got, W.sigmoid(x64), 'float64 sigmoid');
    expectSameBits(await pool.softmax(x64, { rowLength: 1000 }), W.softmax(x64, { rowLength: 1000 }), 'float64 softmax');
    expect(internals(pool).stats()).toEqual({ workers: stats.workers, callingThread: stats.callingThread + 2 });
  });
});

describe('generated operands', () => {
  it('without a recipe are filled into staging by the calling thread', async () => {
    const n = 30011;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 8);
    const slope = (i: number) => 0.1 + (i % 7) / 10;
    const slopes = { length: n, fill: (dst: Float32Array, start: number) => dst.forEach((_, k) => { dst[k] = slope(start + k); }) };
    const out = new Float32Array(n);
    await internals(pool).runStep({
      kind: 'map2', kernel: 'slopes_forward', a: 0, b: 0, inputs: [x, slopes], widths: [1, 1], out, outWidth: 1, units: n,
    });
    const want = x.map((v, i) => (v > 0 ? v : Math.fround(Math.fround(slope(i)) * v)));
    expectSameBits(out, want, 'slopes from the calling thread');
  });
});
