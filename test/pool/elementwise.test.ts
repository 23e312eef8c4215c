// The pool's results are bitwise those of the single-thread SIMD backend, for every
// element-wise activation of the catalogue, every method, and every memory path: plain
// arrays (streamed through staging windows), pool buffers (in place, zero-copy), mixed,
// in place, and unaligned views. Small chunks and windows put chunk and window edges
// everywhere; one test runs the default sizes.

import { describe, expect, it } from 'vitest';
import { denseInputs, gradients } from '../support/inputs.js';
import { W, expectSameBits, filePool, internals, poolFn, resident, simd, syncFn, type Pool } from './support.js';

const current = filePool();

const x = denseInputs();
const dy = gradients(x.length);

/** Default options, and a second set with every number parameter moved (where valid). */
function optionSets(info: (typeof W.activationInfo)[number]): Record<string, unknown>[] {
  const defaults = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
  const moved = Object.fromEntries(info.params.map((p) =>
    [p.name, typeof p.default === 'number' ? (p.default === 0 ? 0.5 : p.default * 1.5) : p.default]));
  const sets = [defaults];
  try {
    syncFn(info.name)(x.subarray(0, 4), moved);
    if (info.params.some((p) => typeof p.default === 'number')) sets.push(moved);
  } catch {
    // the moved values break a rule between parameters: defaults only
  }
  return sets;
}

/** The memory paths: how x, dy and out are passed (each builds fresh arrays). */
const PATHS: Record<string, (pool: Pool) => { x: Float32Array; dy: Float32Array; out?: Float32Array }> = {
  plain: () => ({ x: x.slice(), dy: dy.slice() }),
  'zero-copy': (p) => ({ x: resident(p, x), dy: resident(p, dy), out: p.allocate(x.length).array }),
  'in place (plain)': () => {
    const a = x.slice();
    return { x: a, dy: dy.slice(), out: a };
  },
  'in place (zero-copy)': (p) => {
    const a = resident(p, x);
    return { x: a, dy: resident(p, dy), out: a };
  },
  'mixed: x resident, out plain': (p) => ({ x: resident(p, x), dy: dy.slice() }),
  'unaligned views': (p) => ({
    x: resident(p, x).subarray(3, x.length - 2),
    dy: dy.slice().subarray(3, x.length - 2),
    out: new Float32Array(x.length + 1).subarray(1, x.length - 4),
  }),
};

for (const info of W.activationInfo) {
  describe(`pool.${info.name}`, () => {
    const sync = syncFn(info.name);
    const modes = ['forward', 'derivative', 'backward', ...(info.backwardFromOutput ? ['backwardFromOutput'] : [])];
    for (const mode of modes) {
      it(`${mode}: every path gives the single-thread SIMD bits`, async () => {
        const pool = current();
        const parallel = poolFn(pool, info.name);
        for (const opts of optionSets(info)) {
          for (const [path, make] of Object.entries(PATHS)) {
            const a = make(pool);
            const args = mode === 'forward' || mode === 'derivative' ? [a.x] : [a.dy, a.x];
            const o = a.out ? { ...opts, out: a.out } : opts;
            const want = simd(() => (mode === 'forward' ? sync : sync[mode]!)(...args.map((v) => v.slice()), opts));
            const before = internals(pool).stats().workers;
            const got = await (mode === 'forward' ? parallel : parallel[mode]!)(...args, o);
            expect(internals(pool).stats().workers, 'ran on the workers').toBe(before + 1);
            if (a.out) expectSameBits(got, a.out, `${path}: returns out`);
            expectSameBits(got, want, `${info.name} ${mode} ${JSON.stringify(opts)} ${path}`);
          }
        }
      });
    }
  });
}

describe('pool with its default chunk and window sizes', () => {
  it('every activation forward and backward over 3 Mi elements (several windows), plain and zero-copy', async () => {
    const big = await W.createPool({ threads: 2 });
    try {
      const n = 3 * 2 ** 20 + 5;
      const xs = new Float32Array(n);
      for (let i = 0; i < n; i++) xs[i] = x[i % x.length]!;
      const g = new Float32Array(n).fill(0.75);
      const rx = resident(big, xs);
      const rg = resident(big, g);
      for (const info of W.activationInfo) {
        const sync = syncFn(info.name);
        const parallel = poolFn(big, info.name);
        const opts = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
        expectSameBits(await parallel(xs, opts), simd(() => sync(xs, opts)), `${info.name} plain`);
        expectSameBits(await parallel.backward!(rg, rx, opts), simd(() => sync.backward!(g, xs, opts)), `${info.name}.backward zero-copy`);
      }
      expect(internals(big).stats()).toEqual({ workers: 2 * W.activationInfo.length, callingThread: 0 });
    } finally {
      await big.close();
    }
  });
});
