// Float16Array data through the pool (where the runtime has Float16Array): the pool's
// workers compute float32 steps only, so a float16 call runs on the calling thread, with
// the single-thread bits; errors are the sync API's.

import { describe, expect, it } from 'vitest';
import { W, filePool, internals } from './support.js';
import { mulberry32 } from '../support/inputs.js';

type Half = Float32Array; // (a Float16Array: the package's TypeScript lib predates it)
const F16 = (globalThis as { Float16Array?: { from(a: ArrayLike<number>): Half } }).Float16Array;

const sameBits = (a: Half, b: Half): boolean => {
  const x = new Uint16Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint16Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((v, i) => v === y[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])));
};

describe.skipIf(!F16)('float16 through the pool (needs Float16Array: Node 24+)', () => {
  const current = filePool();
  it('element-wise, row-wise and over a dim: the single-thread bits, computed on the calling thread', async () => {
    const pool = current();
    const rand = mulberry32(3);
    const x = F16!.from(Array.from({ length: 300000 }, () => (rand() * 2 - 1) * 8));
    const before = internals(pool).stats().callingThread;
    expect(sameBits((await pool.sigmoid(x)) as Half, W.sigmoid(x) as Half)).toBe(true);
    expect(sameBits((await pool.gelu.backward(x, x)) as Half, W.gelu.backward(x, x) as Half)).toBe(true);
    expect(sameBits((await pool.softmax(x, { rowLength: 1000 })) as Half, W.softmax(x, { rowLength: 1000 }) as Half)).toBe(true);
    const shape = [3, 100, 1000];
    expect(sameBits((await pool.softmax(x, { shape, dim: 1 })) as Half, W.softmax(x, { shape, dim: 1 }) as Half)).toBe(true);
    expect(internals(pool).stats().callingThread).toBe(before + 4);
    await expect(pool.relu(x, { out: new Float32Array(x.length) })).rejects.toThrow(/relu: out must be a Float16Array like the input/);
  });
});
