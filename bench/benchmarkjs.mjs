// The Node bench's sampler: benchmark.js (from bench/node_modules), with the parameters of
// bench/sampler.mjs. { sync(p), deferred(p) } give p.run's calls per second.
import { createRequire } from 'node:module';
import { TIMING } from './sampler.mjs';

const Benchmark = createRequire(import.meta.url)('benchmark');

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

export const benchmarkjsSampler = { sync: runSync, deferred: runDeferred };
