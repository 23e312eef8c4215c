// Timing: short sampled runs (benchmark.js in Node, bench/sampler.mjs in browsers),
// implementations interleaved in rotating order, medians over rounds. Browser-safe: the
// sampler comes from the caller.
//
// For one (case, size): prepare every implementation, warm each one up, then for each
// round r place the plain operands at new offsets and run every implementation once,
// starting at implementation r mod k, with a short sampled run (its hz). The reported
// rate is the median over rounds. Calls slower than DIRECT_ABOVE seconds are timed
// directly (one call per round): a sampler calls the function once more per sample as a
// pretest, which would double their cost without adding information.

import { maxAbsDiff, median } from './stats.mjs';
import { TIMING, now } from './sampler.mjs';

export { TIMING };

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

/** Calls per second of p, by the sampler or (for slow calls) one direct timing. */
async function rate(p, sampler) {
  if (p.perCall > TIMING.directAbove) {
    const t = now();
    await call(p);
    return 1 / (now() - t);
  }
  return p.async ? sampler.deferred(p) : sampler.sync(p);
}

/**
 * Measures case c at size io.n for every implementation; `sampler` ({ sync(p), deferred(p) },
 * each giving calls per second) times the rounds.
 * @returns {Promise<Record<string, {melems?: number, rounds?: number[], direct?: boolean,
 *          maxAbsDiff?: number, error?: string}>>}
 */
export async function measureCase({ c, io, impls, rounds, ctx, check, sampler }) {
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
        samples.get(im.id).push((await rate(p, sampler)) * io.n / 1e6);
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
