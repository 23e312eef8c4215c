// Timing: benchmark.js samples, implementations interleaved in rotating order, medians
// over rounds.
//
// For one (case, size): prepare every implementation, warm each one up, then for each
// round r place the plain operands at new offsets and run every implementation once,
// starting at implementation r mod k, with a short benchmark.js run (its hz). The
// reported rate is the median over rounds. Calls slower than DIRECT_ABOVE seconds are
// timed directly (one call per round): benchmark.js calls the function once more per
// sample as a pretest, which would double their cost without adding information.

import { createRequire } from 'node:module';
import { maxAbsDiff, median } from './stats.mjs';

const Benchmark = createRequire(import.meta.url)('benchmark');

export const TIMING = { minTime: 0.01, maxTime: 0.04, minSamples: 3, directAbove: 0.1, warmMs: 30 };

const now = () => performance.now() / 1e3;

async function call(p) {
  const r = p.run();
  if (p.async) await r;
}

/** Warms p up; returns its per-call time in seconds (the fastest call seen). */
async function warm(p) {
  const start = now();
  let best = Infinity;
  for (let calls = 1; ; calls++) {
    const t = now();
    await call(p);
    const dt = now() - t;
    best = Math.min(best, dt);
    if (calls >= 2 && (now() - start > TIMING.warmMs / 1e3 || dt > TIMING.directAbove)) return best;
  }
}

function runSync(p) {
  const b = new Benchmark(p.run, {
    minTime: TIMING.minTime, maxTime: TIMING.maxTime, minSamples: TIMING.minSamples,
    initCount: p.initCount ?? 1, delay: 0,
  });
  b.run({ async: false });
  if (b.error) throw b.error;
  p.initCount = Math.max(1, b.count | 0);
  return b.hz;
}

function runDeferred(p) {
  return new Promise((resolve, reject) => {
    let failure;
    const b = new Benchmark({
      defer: true,
      minTime: TIMING.minTime, maxTime: TIMING.maxTime, minSamples: TIMING.minSamples, delay: 0,
      fn: (d) => p.run().then(() => d.resolve(), (e) => { failure = e; d.resolve(); }),
    });
    b.on('complete', () => (failure || b.error ? reject(failure ?? b.error) : resolve(b.hz)));
    b.run({ async: true });
  });
}

/** Calls per second of p, by benchmark.js or (for slow calls) one direct timing. */
async function rate(p) {
  if (p.perCall > TIMING.directAbove) {
    const t = now();
    await call(p);
    return 1 / (now() - t);
  }
  return p.async ? runDeferred(p) : runSync(p);
}

/**
 * Measures case c at size io.n for every implementation.
 * @returns {Promise<Record<string, {melems?: number, rounds?: number[], direct?: boolean,
 *          maxAbsDiff?: number, error?: string}>>}
 */
export async function measureCase({ c, io, impls, rounds, ctx, check }) {
  const out = {};
  const live = [];
  for (const im of impls) {
    try {
      live.push({ im, p: await im.prepare(c, io, ctx) });
    } catch (e) {
      out[im.id] = { error: String(e?.message ?? e).split('\n')[0] };
    }
  }
  const ok = [];
  for (const entry of live) {
    const { im, p } = entry;
    try {
      await p.enter?.();
      p.perCall = await warm(p);
      if (check && p.result) entry.result = await p.result();
      ok.push(entry);
    } catch (e) {
      out[im.id] = { error: String(e?.message ?? e).split('\n')[0] };
    }
  }
  const reference = ok.find((e) => e.im.id === 'naive')?.result;
  const samples = new Map(ok.map((e) => [e.im.id, []]));
  for (let r = 0; r < rounds; r++) {
    if (r > 0) io.place(r);
    for (let j = 0; j < ok.length; j++) {
      const { im, p } = ok[(r + j) % ok.length];
      if (samples.get(im.id) === null) continue;
      try {
        await p.enter?.();
        samples.get(im.id).push((await rate(p)) * io.n / 1e6);
      } catch (e) {
        out[im.id] = { error: String(e?.message ?? e).split('\n')[0] };
        samples.set(im.id, null);
      }
    }
  }
  for (const { im, p, result } of ok) {
    const s = samples.get(im.id);
    if (s) {
      out[im.id] = { melems: median(s), rounds: s, direct: p.perCall > TIMING.directAbove };
      if (reference && result) out[im.id].maxAbsDiff = maxAbsDiff(result, reference);
    }
  }
  for (const { p } of live) p.dispose?.();
  return out;
}
