// rrelu: eval mode is leakyRelu with (lower + upper)/2 (bitwise); training mode samples a
// slope per element from the seeded generator: the same seed gives the same output and
// noise on every backend and path, slopes lie in [lower, upper], noise is 1 for x > 0 and
// reused by backward (dx = dy·noise); distribution sanity over 1e5 samples; finite
// differences in float64.

import { afterEach, describe, expect, it } from 'vitest';
import { activate, allocate, leakyRelu, rrelu, setBackend } from '../src/index.js';
import { CHUNK } from '../src/memory.js';
import { BACKENDS, PATHS } from './support/harness.js';
import { denseInputs, gradients, mulberry32 } from './support/inputs.js';
import { leaky, leakyGrad } from './support/rows-reference.js';
import { call, compare, exact, partial, sameBits, weighted } from './support/structured.js';
import { hashAt, sampledSlopes } from '../src/structured/random.js';

const X = denseInputs().subarray(0, 3 * CHUNK + 5);
const DY = gradients(X.length);

afterEach(() => {
  setBackend('auto');
});

describe('rrelu eval', () => {
  for (const backend of BACKENDS) {
    it(`equals leakyRelu with (lower + upper)/2 on ${backend}, both paths`, () => {
      for (const bounds of [{}, { lower: 0.01, upper: 0.5 }, { lower: -1, upper: 3 }, { lower: 0.2, upper: 0.2 }]) {
        const l = (bounds as { lower?: number }).lower ?? 1 / 8;
        const u = (bounds as { upper?: number }).upper ?? 1 / 3;
        const negativeSlope = (l + u) / 2;
        setBackend(backend);
        const want = [leakyRelu(X, { negativeSlope }), leakyRelu.derivative(X, { negativeSlope }), leakyRelu.backward(DY, X, { negativeSlope })];
        for (const path of PATHS) {
          expect(sameBits(call(backend, path, rrelu, [X], X.length, bounds), want[0]!)).toBe(true);
          expect(sameBits(call(backend, path, rrelu.derivative, [X], X.length, bounds), want[1]!)).toBe(true);
          expect(sameBits(call(backend, path, rrelu.backward, [DY, X], X.length, bounds), want[2]!)).toBe(true);
        }
        // eval ignores noise, as PyTorch
        expect(sameBits(rrelu(X, { ...bounds, noise: new Float32Array(X.length) }), want[0]!)).toBe(true);
      }
    });
  }
});

describe('rrelu training', () => {
  const opts = { training: true, seed: 12345, lower: 0.05, upper: 0.4 };

  /** Output and noise of a training forward on a backend and path. */
  function train(backend: (typeof BACKENDS)[number], path: (typeof PATHS)[number], x: Float32Array, o: Record<string, unknown> = opts) {
    setBackend(backend);
    if (path === 'streamed') {
      const noise = new Float32Array(x.length);
      return { y: rrelu(x, { ...o, noise }), noise };
    }
    const bn = allocate(x.length);
    try {
      const y = call(backend, path, rrelu, [x], x.length, { ...o, noise: bn });
      return { y, noise: bn.array.slice() };
    } finally {
      bn.dispose();
    }
  }

  it('the same seed gives bitwise the same output and noise on every backend and path', () => {
    const ref = train('js', 'streamed', X);
    for (const backend of BACKENDS) {
      for (const path of PATHS) {
        const r = train(backend, path, X);
        expect(sameBits(r.y, ref.y), `${backend} ${path} output`).toBe(true);
        expect(sameBits(r.noise, ref.noise), `${backend} ${path} noise`).toBe(true);
      }
    }
    // the derivative with the same seed is the noise
    setBackend('wasm-simd');
    expect(sameBits(rrelu.derivative(X, { training: true, seed: 12345, lower: 0.05, upper: 0.4 }), ref.noise)).toBe(true);
  });

  it('noise is 1 for x > 0 (NaN for NaN), slopes lie in [lower, upper], y = slope·x exactly', () => {
    const { y, noise } = train('wasm-simd', 'streamed', X);
    const lo = Math.fround(opts.lower);
    const hi = Math.fround(opts.upper);
    const expected = Float64Array.from(X, (v, i) => leaky(v, noise[i]!));
    expect(compare('rrelu|training forward|wasm-simd', y, expected, exact)).toEqual([]);
    for (let i = 0; i < X.length; i++) {
      const v = X[i]!;
      if (Number.isNaN(v)) expect(noise[i]).toBeNaN();
      else if (v > 0) expect(noise[i]).toBe(1);
      else if (!(noise[i]! >= lo && noise[i]! <= hi)) throw new Error(`slope ${noise[i]} at ${i} outside [${lo}, ${hi}]`);
    }
  });

  it('backward reuses the noise: dx = dy·noise on every backend and path; without noise it throws', () => {
    const { noise } = train('js', 'streamed', X);
    const expected = Float64Array.from(DY, (g, i) => g * noise[i]!);
    for (const backend of BACKENDS) {
      for (const path of PATHS) {
        setBackend(backend);
        const bn = path === 'zero-copy' ? allocate(X.length) : undefined;
        try {
          if (bn) bn.array.set(noise);
          const dx = call(backend, path, rrelu.backward, [DY, X], X.length, { training: true, noise: bn ?? noise, lower: 0.05, upper: 0.4 });
          expect(compare(`rrelu|training backward|${backend}`, dx, expected, exact)).toEqual([]);
        } finally {
          bn?.dispose();
        }
      }
      expect(() => rrelu.backward(DY, X, { training: true })).toThrow(TypeError);
      expect(() => rrelu.backward(DY, X, { training: true })).toThrow(/pass \{ training: true, noise \}/);
    }
  });

  it('distribution: 1e5 slopes have the mean, variance and histogram of U(lower, upper)', () => {
    const n = 100000;
    const { lower, upper } = opts;
    const noise = new Float32Array(n);
    rrelu(new Float32Array(n).fill(-1), { ...opts, noise });
    let mean = 0;
    for (const s of noise) mean += s;
    mean /= n;
    let variance = 0;
    for (const s of noise) variance += (s - mean) ** 2;
    variance /= n - 1;
    const width = upper - lower;
    expect(Math.abs(mean - (lower + upper) / 2)).toBeLessThan((5 * width) / Math.sqrt(12 * n));
    expect(Math.abs(variance / (width * width / 12) - 1)).toBeLessThan(0.02);
    const bins = new Array<number>(10).fill(0);
    for (const s of noise) bins[Math.min(9, Math.floor(((s - lower) / width) * 10))]!++;
    bins.forEach((b) => expect(Math.abs(b - n / 10)).toBeLessThan(500)); // ±5σ of a binomial(1e5, 0.1)
    // neighbours are not correlated
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (noise[i]! - mean) * (noise[i - 1]! - mean);
    expect(Math.abs(cov / (n - 1) / variance)).toBeLessThan(0.02);
  });

  it('seeds: different seeds differ, no seed draws a fresh one; in place with noise; activate()', () => {
    const x = new Float32Array(1000).fill(-2);
    const a = rrelu(x, { training: true, seed: 1 });
    expect(sameBits(a, rrelu(x, { training: true, seed: 1 }))).toBe(true);
    expect(sameBits(a, rrelu(x, { training: true, seed: 2 }))).toBe(false);
    expect(sameBits(rrelu(x, { training: true }), rrelu(x, { training: true }))).toBe(false);
    expect(sameBits(activate('rrelu', x, { training: true, seed: 1 }), a)).toBe(true);
    for (const backend of BACKENDS) {
      setBackend(backend);
      const want = train(backend, 'streamed', X);
      const xc = X.slice();
      const noise = new Float32Array(X.length);
      expect(rrelu(xc, { ...opts, noise, out: xc })).toBe(xc);
      expect(sameBits(xc, want.y)).toBe(true);
      expect(sameBits(noise, want.noise)).toBe(true);
    }
  });

  it('the generator is the documented counter hash, random access (also past 2^32)', () => {
    const seed = 2 ** 40 + 77;
    const g = sampledSlopes(seed, 0.125, 1 / 3, 2 ** 33, true);
    for (const start of [0, 5, 8191, 2 ** 32 - 3]) {
      const dst = new Float32Array(7);
      g.fill(dst, start);
      dst.forEach((v, k) => expect(v).toBe(Math.fround(0.125 + (1 / 3 - 0.125) * (hashAt(seed, start + k) >>> 8) * 2 ** -24)));
      const part = new Float32Array(3);
      g.fill(part, start + 2);
      expect(Array.from(part)).toEqual(Array.from(dst.subarray(2, 5)));
    }
  });

  it('float64 data: the training forward is piecewise linear; backward matches finite differences', () => {
    const rand = mulberry32(8);
    const x = Float64Array.from({ length: 40 }, () => (rand() * 2 - 1) * 3);
    const dy = Float64Array.from(x, () => rand() * 2 - 1);
    const noise = new Float64Array(x.length);
    const y = rrelu(x, { training: true, seed: 3, noise });
    expect(y).toBeInstanceOf(Float64Array);
    const loss = weighted(dy, (v) => rrelu(v, { training: true, seed: 3 }));
    const lossEval = weighted(dy, (v) => rrelu(v));
    const dx = rrelu.backward(dy, x, { training: true, noise });
    const dxEval = rrelu.backward(dy, x);
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(dx[i]! - partial(loss, x, i, 1e-7))).toBeLessThan(1e-7);
      expect(Math.abs(dxEval[i]! - partial(lossEval, x, i, 1e-7))).toBeLessThan(1e-7);
      expect(dxEval[i]).toBe(dy[i]! * leakyGrad(x[i]!, (1 / 8 + 1 / 3) / 2));
    }
  });
});
