// What needs a fresh Node process: module state at load (backend choice, environment
// variables, warnings), Node flags (--expose-gc), and the garbage collector reclaiming
// buffers nobody disposed.

import { describe, expect, it } from 'vitest';
import { runNode } from './support/child.js';

describe('in a fresh process', () => {
  it('setBackend() during an init() in flight wins', async () => {
    const { stdout } = await runNode(`const p = W.init(); W.setBackend('js'); await p; console.log(W.getBackend());`);
    expect(stdout.trim()).toBe('js');
  });

  it('a garbage WASM_ACTIVATIONS_BACKEND is reported, and so is a fallback after it', async () => {
    const { stderr } = await runNode(
      `WebAssembly.validate = () => false; W.sigmoid(new Float32Array(4)); console.log(W.getBackend());`,
      { env: { WASM_ACTIVATIONS_BACKEND: 'gpu' } },
    );
    expect(stderr).toMatch(/ignoring WASM_ACTIVATIONS_BACKEND="gpu"/);
    expect(stderr).toMatch(/using the js backend \(wasm-simd backend unavailable/);
  });

  it('buffers nobody disposed are reclaimed by the garbage collector', async () => {
    // 3000 buffers of 4 MiB, none disposed: 12 GiB if they were never freed (wasm32 stops at 4).
    const { stdout } = await runNode(`
      for (let i = 0; i < 3000; i++) {
        W.allocate(1 << 20).array[0] = i;
        if (i % 50 === 49) { globalThis.gc(); await new Promise((r) => setTimeout(r, 0)); }
      }
      console.log('done');`, { flags: ['--expose-gc'] });
    expect(stdout.trim()).toBe('done');
  });

  it('a subarray kept from a collected buffer keeps working memory safe', async () => {
    // The buffer object is dropped but a subarray of its view is kept: its block may only
    // get a new owner once that subarray can no longer reach it (detached). 600 buffers of
    // 4 KiB go through a 1 MiB heap, so blocks are recycled several times.
    const { stdout } = await runNode(`
      const kept = []; // whole-buffer subarrays of 50 buffers that were dropped
      for (let i = 0; i < 50; i++) kept.push(W.allocate(1 << 10).array.subarray(0, 1 << 10));
      const others = [];
      let rejected = 0;
      for (let i = 0; i < 600; i++) {
        if (i % 20 === 0) { globalThis.gc(); await new Promise((r) => setTimeout(r, 0)); }
        const b = W.allocate(1 << 10);
        b.array.fill(1);
        others.push(b);
        const k = kept[i % kept.length];
        for (let j = 0; j < k.length; j++) k[j] = 5; // direct writes through a kept view
        try { W.relu(new Float32Array(1 << 10).fill(-1), { out: k }); } catch (e) { if (!(e instanceof TypeError)) throw e; rejected++; }
      }
      const corrupted = others.filter((o) => o.array.some((v) => v !== 1)).length;
      console.log(corrupted, rejected > 0);`, { flags: ['--expose-gc'] });
    expect(stdout.trim()).toBe('0 true');
  });

  it('the pool starts under Node flags that workers refuse (--expose-gc)', async () => {
    const { stdout } = await runNode(`
      const pool = await W.createPool({ threads: 2, minParallel: 0 });
      const y = await pool.sigmoid(new Float32Array([0, 1]));
      console.log(pool.parallel, y[0]);
      await pool.close();`, { flags: ['--expose-gc'] });
    expect(stdout.trim()).toBe('true 0.5');
  });

  it('pool buffers nobody disposed are reclaimed, unless a view of them is kept', async () => {
    const { stdout } = await runNode(`
      const pool = await W.createPool({ threads: 1, minParallel: 0, maximumMemory: 64 * 2 ** 20 });
      if (!pool.parallel) throw new Error('no workers: the pool has no shared memory to test');
      const kept = pool.allocate(1 << 16).array.subarray(0, 8);
      kept.fill(3);
      for (let i = 0; i < 200; i++) {
        pool.allocate(1 << 20).array[0] = i; // 4 MiB each: 800 MiB in all, in a 64 MiB memory
        if (i % 5 === 4) { globalThis.gc(); await new Promise((r) => setTimeout(r, 0)); }
      }
      const y = await pool.relu(kept, { out: kept });
      console.log([...y].join(','));
      await pool.close();`, { flags: ['--expose-gc'] });
    expect(stdout.trim()).toBe('3,3,3,3,3,3,3,3');
  });
});
