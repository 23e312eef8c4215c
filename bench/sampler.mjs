// How a sampled run times one implementation: the same parameters for benchmark.js (Node,
// bench/benchmarkjs.mjs) and for this small sampler (browsers, where benchmark.js's
// compiled test functions and lodash would have to be shipped into the page). Like
// benchmark.js it grows the number of calls per sample until a sample lasts minTime, then
// takes samples until maxTime has passed and minSamples were taken, and reports calls per
// second over all timed samples.

export const TIMING = { minTime: 0.01, maxTime: 0.04, minSamples: 3, directAbove: 0.1, warmMs: 30 };

/** Seconds, from performance.now() (5 µs or finer in cross-origin isolated pages). */
export const now = () => performance.now() / 1e3;

function sampler(repeat) {
  return async (p) => {
    let count = p.initCount ?? 1;
    // Calibration: enough calls that one sample lasts at least minTime.
    for (;;) {
      const dt = await repeat(p, count);
      if (dt >= TIMING.minTime) break;
      count = Math.max(count + 1, Math.ceil((count * TIMING.minTime * 1.2) / Math.max(dt, 1e-6)));
    }
    p.initCount = count;
    let calls = 0;
    let time = 0;
    let samples = 0;
    while (samples < TIMING.minSamples || time < TIMING.maxTime) {
      time += await repeat(p, count);
      calls += count;
      samples++;
    }
    return calls / time;
  };
}

/** The sampler of the bench page: { sync(p), deferred(p) } give p.run's calls per second. */
export const simpleSampler = {
  sync: sampler(async (p, count) => {
    const run = p.run;
    const t = now();
    for (let i = 0; i < count; i++) run();
    return now() - t;
  }),
  deferred: sampler(async (p, count) => {
    const t = now();
    for (let i = 0; i < count; i++) await p.run();
    return now() - t;
  }),
};
