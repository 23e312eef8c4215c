// prelu × backend × memory path: forward, derivative and backward exact against the
// float64 oracle for a number weight and per-channel weights in both layouts (innerSize
// 1, small and large, lengths past several scratch chunks); weightGradient against a
// float64 sum; a number weight equals leakyRelu; finite differences in float64.

import { afterEach, describe, expect, it } from 'vitest';
import { activate, leakyRelu, prelu, setBackend, type PreluOptions } from '../src/index.js';
import { CHUNK } from '../src/memory.js';
import { BACKENDS, PATHS } from './support/harness.js';
import { denseInputs, gradients, mulberry32 } from './support/inputs.js';
import { channelOf, leaky, leakyGrad, sum } from './support/rows-reference.js';
import { call, compare, exact, partial, sameBits, weighted, within } from './support/structured.js';
import { ulpError } from './support/ulp.js';

const DENSE = denseInputs();
const WEIGHTS = new Float32Array([0.25, -0.5, 0, 1.5, 3, -2, 0.1]);

/** Cases: weight, layout, innerSize and an element count that fits the channel period. */
const CASES: { label: string; opts: PreluOptions; C: number; inner: number; n: number }[] = [
  { label: 'number weight 0.2', opts: { weight: 0.2 }, C: 1, inner: 1, n: 3 * CHUNK + 5 },
  { label: 'default weight', opts: {}, C: 1, inner: 1, n: 1001 },
  { label: 'channelsFirst C=3 innerSize=5', opts: { weight: WEIGHTS.subarray(0, 3), innerSize: 5 }, C: 3, inner: 5, n: 15 * 2000 },
  { label: 'channelsFirst C=7 innerSize=1', opts: { weight: WEIGHTS }, C: 7, inner: 1, n: 7 * 5001 },
  { label: 'channelsFirst C=2 innerSize=1000', opts: { weight: WEIGHTS.subarray(1, 3), layout: 'channelsFirst', innerSize: 1000 }, C: 2, inner: 1000, n: 2000 * 17 },
  { label: 'channelsLast C=7', opts: { weight: WEIGHTS, layout: 'channelsLast' }, C: 7, inner: 1, n: 7 * 4999 },
  { label: 'channelsLast C=1 (array)', opts: { weight: new Float32Array([-0.75]), layout: 'channelsLast' }, C: 1, inner: 1, n: 999 },
];

afterEach(() => {
  setBackend('auto');
});

function slopeAt(c: (typeof CASES)[number], i: number): number {
  const w = c.opts.weight ?? 0.25;
  if (typeof w === 'number') return Math.fround(w);
  return w[channelOf(i, c.C, c.opts.layout ?? 'channelsFirst', c.inner)]!;
}

for (const c of CASES) {
  const x = DENSE.subarray(0, c.n);
  const dy = gradients(c.n, c.n);
  const fwd = Float64Array.from(x, (v, i) => leaky(v, slopeAt(c, i)));
  const der = Float64Array.from(x, (v, i) => leakyGrad(v, slopeAt(c, i)));
  const bwd = Float64Array.from(x, (v, i) => dy[i]! * leakyGrad(v, slopeAt(c, i)));
  describe(`prelu ${c.label}`, () => {
    for (const backend of BACKENDS) {
      it(`forward, derivative, backward exact on ${backend}, both paths`, () => {
        for (const path of PATHS) {
          const opts = c.opts as Record<string, unknown>;
          expect(compare(`prelu|forward|${backend}`, call(backend, path, prelu, [x], c.n, opts), fwd, exact), `${path} forward`).toEqual([]);
          expect(compare(`prelu|derivative|${backend}`, call(backend, path, prelu.derivative, [x], c.n, opts), der, exact), `${path} derivative`).toEqual([]);
          expect(compare(`prelu|backward|${backend}`, call(backend, path, prelu.backward, [dy, x], c.n, opts), bwd, exact), `${path} backward`).toEqual([]);
        }
      });
    }

    it('weightGradient: Σ dy·x over x ≤ 0 per channel, against a float64 sum, same on every backend', () => {
      const terms: number[][] = Array.from({ length: c.C }, () => []);
      for (let i = 0; i < c.n; i++) {
        const v = x[i]!;
        terms[typeof (c.opts.weight ?? 0.25) === 'number' ? 0 : channelOf(i, c.C, c.opts.layout ?? 'channelsFirst', c.inner)]!
          .push(v > 0 ? 0 : dy[i]! * v);
      }
      const ref = terms.map(sum);
      const scale = terms.map((t) => sum(t.map(Math.abs)));
      const results = BACKENDS.map((b) => {
        setBackend(b);
        return prelu.weightGradient(dy, x, c.opts);
      });
      expect(results[0]!.length).toBe(c.C);
      results.forEach((r) => expect(sameBits(r, results[0]!)).toBe(true));
      expect(compare('prelu|weightGradient|all', results[0]!, ref, (g, r, k) => within(g, r, 1, 2 ** -40 * scale[k]!))).toEqual([]);
    });
  });
}

describe('prelu semantics', () => {
  for (const backend of BACKENDS) {
    it(`a number weight is leakyRelu with that slope; in place; unaligned views; activate() on ${backend}`, () => {
      setBackend(backend);
      const x = DENSE.subarray(5, 5 + 4099);
      for (const w of [0.25, -1.5, 0, 7]) {
        expect(sameBits(prelu(x, { weight: w }), leakyRelu(x, { negativeSlope: w }))).toBe(true);
        expect(sameBits(prelu.derivative(x, { weight: w }), leakyRelu.derivative(x, { negativeSlope: w }))).toBe(true);
      }
      const w = new Float32Array([0.5, -0.25, 2]);
      const want = prelu(x.slice(0, 4098), { weight: w, layout: 'channelsLast' });
      const xc = x.slice(0, 4098);
      expect(prelu(xc, { weight: w, layout: 'channelsLast', out: xc })).toBe(xc);
      expect(sameBits(xc, want)).toBe(true);
      const outBig = new Float32Array(4100).fill(9);
      prelu(x.subarray(0, 4098), { weight: w, layout: 'channelsLast', out: outBig.subarray(1, 4099) });
      expect(sameBits(outBig.subarray(1, 4099), want)).toBe(true);
      expect([outBig[0], outBig[4099]]).toEqual([9, 9]);
      const dy = gradients(4098);
      const dWant = prelu.backward(dy, x.slice(0, 4098), { weight: w, layout: 'channelsLast' });
      const dyc = dy.slice();
      prelu.backward(dyc, x.subarray(0, 4098), { weight: w, layout: 'channelsLast', out: dyc });
      expect(sameBits(dyc, dWant)).toBe(true);
      expect(sameBits(activate('prelu', x, { weight: 0.1 }), prelu(x, { weight: 0.1 }))).toBe(true);
    });
  }

  it('float64 data: float64 results and gradients; finite differences for x and the weights', () => {
    const rand = mulberry32(4);
    const C = 3;
    const inner = 2;
    const x = Float64Array.from({ length: 24 }, () => (rand() * 2 - 1) * 5);
    const dy = Float64Array.from(x, () => rand() * 2 - 1);
    const weight = Float64Array.from([0.3, -0.7, 1.2]);
    const opts = { weight, innerSize: inner };
    const loss = weighted(dy, (v) => prelu(v, opts));
    const lossOfWeight = weighted(dy, (w) => prelu(x, { weight: w, innerSize: inner }));
    const y = prelu(x, opts);
    expect(y).toBeInstanceOf(Float64Array);
    y.forEach((v, i) => expect(v).toBe(leaky(x[i]!, weight[channelOf(i, C, 'channelsFirst', inner)]!)));
    const dx = prelu.backward(dy, x, opts);
    for (let i = 0; i < x.length; i++) expect(Math.abs(dx[i]! - partial(loss, x, i))).toBeLessThan(1e-7);
    const dw = prelu.weightGradient(dy, x, opts);
    expect(dw).toBeInstanceOf(Float64Array);
    for (let c = 0; c < C; c++) expect(Math.abs(dw[c]! - partial(lossOfWeight, weight, c))).toBeLessThan(1e-7);
  });

  it('NaN x gives NaN out and a NaN weight gradient in its channel (PyTorch)', () => {
    const x = new Float32Array([NaN, -1, 2, -3]);
    const dy = new Float32Array([1, 1, 1, 1]);
    expect(Number.isNaN(prelu(x)[0]!)).toBe(true);
    const dw = prelu.weightGradient(dy, x, { weight: new Float32Array([0.1, 0.2]), layout: 'channelsLast' });
    expect(Number.isNaN(dw[0]!)).toBe(true);
    expect(dw[1]).toBe(-4);
    expect(ulpError(prelu.weightGradient(dy.subarray(1), x.subarray(1))[0]!, -4)).toBe(0);
  });

  it('backwardFromOutput is not offered: a TypeError that points to backward', () => {
    expect(() => prelu.backwardFromOutput(new Float32Array(1), new Float32Array(1))).toThrow(/use prelu\.backward/);
  });
});
