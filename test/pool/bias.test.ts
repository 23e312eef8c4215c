// The bias epilogue on the pool: f(x, { bias }) and backward with biasGrad give the
// single-thread SIMD results (bitwise for the activation, within 1 float32 ulp for the
// sums, whose float64 additions are grouped differently), on plain and pool buffers, in
// place over x and over dy; bad bias options reject before anything runs.

import { describe, expect, it } from 'vitest';
import { denseInputs, gradients } from '../support/inputs.js';
import { ulpError } from '../support/ulp.js';
import { W, errorOf, expectSameBits, filePool, internals, resident, simd } from './support.js';

const current = filePool();
const n = 7 * 13 * 300;
const x = denseInputs().subarray(0, n);
const dy = gradients(n, 4);
const bias = new Float32Array([0.5, -1.25, 3, -0.001, 7.5, 0, -40]);
const CONFIGS: Record<string, Record<string, unknown>> = {
  number: { bias: 0.375 },
  channelsFirst: { bias, innerSize: 13 },
  channelsLast: { bias, layout: 'channelsLast' },
};

describe('pool: the bias epilogue', () => {
  for (const [label, opts] of Object.entries(CONFIGS)) {
    it(`${label}: forward and backward with biasGrad, plain, zero-copy and in place`, async () => {
      const pool = current();
      const C = typeof opts.bias === 'number' ? 1 : bias.length;
      for (const f of ['gelu', 'sigmoid', 'relu'] as const) {
        const want = simd(() => W[f](x, opts as never));
        const wantG = new Float32Array(C);
        const wantDx = simd(() => W[f].backward(dy, x, { ...opts, biasGrad: wantG } as never));
        const before = internals(pool).stats().workers;
        expectSameBits(await pool[f](x, opts as never), want, `${f} ${label} plain`);
        expect(internals(pool).stats().workers, 'ran on the workers').toBe(before + 1);
        const rx = resident(pool, x);
        expectSameBits(await pool[f](rx, { ...opts, out: rx } as never), want, `${f} ${label} in place, zero-copy`);
        const px = x.slice();
        expectSameBits(await pool[f](px, { ...opts, out: px } as never), want, `${f} ${label} in place, plain`);
        for (const where of ['new', 'over dy', 'over x (zero-copy)'] as const) {
          const g = new Float32Array(C).fill(99);
          const d = dy.slice();
          const xr = resident(pool, x);
          const out = where === 'over dy' ? d : where === 'new' ? undefined : xr;
          const got = await pool[f].backward(d, xr, { ...opts, biasGrad: g, ...(out ? { out } : {}) } as never);
          expectSameBits(got, wantDx, `${f} ${label} backward ${where}`);
          g.forEach((v, k) => expect(ulpError(v, wantG[k]!), `${f} ${label} biasGrad[${k}] ${where}`).toBeLessThanOrEqual(1));
        }
      }
    });
  }

  it('bad bias options reject with the sync message, nothing written', async () => {
    const pool = current();
    const out = new Float32Array(n).fill(5);
    const g = new Float32Array(3).fill(5);
    const e = await errorOf(() => pool.gelu.backward(dy, x, { bias, biasGrad: g, out }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/biasGrad has length 3 but bias has length 7/);
    const e2 = await errorOf(() => pool.gelu(x, { bias: new Float32Array([1, NaN]), out }));
    expect(e2.message).toMatch(/^gelu: bias\[1\] is NaN/);
    expect(out.every((v) => v === 5) && g.every((v) => v === 5)).toBe(true);
  });
});
