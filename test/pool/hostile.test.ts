// Hostile and careless callers of the pool: the pool reads its arguments when
// it is called (the sync API's argument layer), re-checks them when the call runs, and
// never lets a caller's getter run while a call is being recorded.

import { afterEach, describe, expect, it } from 'vitest';
import { W, errorOf, expectSameBits, simd, testPool, type Pool } from './support.js';

const pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
async function open(options?: Parameters<typeof W.createPool>[0]): Promise<Pool> {
  const p = options ? await W.createPool(options) : await testPool(2);
  pools.push(p);
  return p;
}

const x = Float32Array.from({ length: 300000 }, (_, i) => Math.sin(i) * 8);

describe('pool and hostile callers', () => {
  it('a Float32Array subclass whose constructor misbehaves', async () => {
    const pool = await open();
    class Tensor extends Float32Array {
      constructor(s: number | number[]) {
        super(Array.isArray(s) ? s[0]! : s);
      }
    }
    const t = new Tensor([x.length]);
    t.set(x);
    expectSameBits(await pool.relu(t), simd(() => W.relu(x)), 'relu of a subclass');
  });

  it('a sync call inside an option getter computes, during a pool call', async () => {
    const pool = await open();
    let inner: Float32Array | undefined;
    const y = await pool.sigmoid(x, {
      get out() {
        inner = W.sigmoid(x.subarray(0, 1000)).slice(); // its values when the sync call returned
        return undefined;
      },
    });
    expectSameBits(inner!, simd(() => W.sigmoid(x.subarray(0, 1000))), 'the sync call in the getter');
    expectSameBits(y, simd(() => W.sigmoid(x)), 'the pool call');
  });

  it('options are read when the pool is called, also when it is idle and the call is large', async () => {
    const pool = await open();
    let reads = 0;
    const p = pool.tanh(x, {
      get out() {
        reads++;
        return undefined;
      },
    });
    expect(reads).toBe(1);
    expectSameBits(await p, simd(() => W.tanh(x)), 'tanh');
    expect(reads).toBe(1);
  });

  it('a getter that changes its answer cannot poison later pool calls', async () => {
    const pool = await open();
    let n = 0;
    expectSameBits(await pool.softplus(x, { get beta() { return n++ ? 1 : 2; } }), simd(() => W.softplus(x, { beta: 2 })), 'beta 2');
    expectSameBits(await pool.softplus(x, { beta: 1 }), simd(() => W.softplus(x, { beta: 1 })), 'beta 1');
  });

  it('disposed pool buffers are rejected by the sync API and by other pools, also after their memory is reused', async () => {
    const pool = await open();
    const other = await open();
    const b = pool.allocate(4096);
    const s = b.array.subarray(0, 256);
    b.dispose();
    const again = pool.allocate(4096); // may reuse b's block
    again.array.fill(9);
    expect(() => W.sigmoid(x.subarray(0, 256), { out: s })).toThrow(/sigmoid: out belongs to a disposed buffer/);
    await expect(other.sigmoid(x.subarray(0, 256), { out: s })).rejects.toThrow(/out belongs to a disposed buffer/);
    await expect(pool.sigmoid(x.subarray(0, 256), { out: s })).rejects.toThrow(/out belongs to a disposed buffer/);
    expect(again.array.every((v) => v === 9)).toBe(true);
  });

  it('an array detached between the call and its turn rejects with a TypeError, nothing written', async () => {
    const pool = await open();
    const busy = pool.gelu(x);
    const late = x.slice();
    const out = new Float32Array(x.length).fill(4);
    const queued = pool.sigmoid(late, { out });
    structuredClone(late.buffer, { transfer: [late.buffer] });
    await busy;
    const e = await errorOf(() => queued);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/sigmoid: x cannot be read any more/);
    expect(out.every((v) => v === 4)).toBe(true);
  });

  it('little shared memory: staging shrinks, or the call runs on the calling thread', async () => {
    const small = await open({ threads: 2, minParallel: 0, maximumMemory: 4 * 2 ** 20 });
    const big = Float32Array.from({ length: 2 * 2 ** 20 }, (_, i) => Math.cos(i) * 6);
    expectSameBits(await small.sigmoid(big), simd(() => W.sigmoid(big)), 'sigmoid 2 Mi in 4 MiB');
    for (const mib of [20, 24]) {
      const pool = await open({ threads: 2, minParallel: 0, maximumMemory: mib * 2 ** 20 });
      const dy = big.map((v) => v / 3);
      expectSameBits(await pool.gelu.backward(dy, big), simd(() => W.gelu.backward(dy, big)), `gelu.backward in ${mib} MiB`);
    }
  });
});
