// Errors on the pool: bad arguments reject with the sync API's own error (class and
// message) before anything is written, whether the pool is idle or busy; errors thrown in
// a worker reject the call with their original class and message; bad pool buffers and
// bad createPool options are named.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SENTINEL } from '../support/rejects.js';
import { W, errorOf, expectSameBits, filePool, internals, resident, simd, type Pool } from './support.js';

const current = filePool();
let pool: Pool;
beforeEach(() => {
  pool = current();
});

const x = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 8);
const dy = new Float32Array(4096).fill(0.5);
const wide = new Float32Array(4097);
type Any = (...a: unknown[]) => unknown;

/** Bad calls: [description, the call on the package or the pool, given a sentinel-filled out]. */
const BAD: [string, (W: Record<string, Any & Record<string, Any>>, out: Float32Array) => unknown][] = [
  ['a plain array', (f) => f.sigmoid!([1, 2, 3])],
  ['a Uint8Array', (f) => f.relu!(new Uint8Array(4))],
  ['an unknown option', (f, out) => f.leakyRelu!(x, { negativeslope: 1, out })],
  ['a NaN parameter', (f, out) => f.leakyRelu!(x, { negativeSlope: NaN, out })],
  ['out of another length', (f) => f.sigmoid!(x, { out: new Float32Array(7) })],
  ['partly overlapping out', (f) => f.sigmoid!(wide.subarray(0, 4096), { out: wide.subarray(1) })],
  ['dy of another length', (f, out) => f.tanh!.backward!(dy.subarray(1), x, { out })],
  ['no y-form', (f, out) => f.hardswish!.backwardFromOutput!(dy, x, { out })],
  ['rowLength not dividing', (f, out) => f.softmax!(x, { rowLength: 3000, out })],
  ['softmax.derivative', (f) => f.softmax!.derivative!(x)],
  ['glu with an odd rowLength', (f) => f.glu!(x, { rowLength: 7 })],
  ['prelu channels not dividing', (f, out) => f.prelu!(x, { weight: new Float32Array(3), out })],
  ['rrelu training backward without noise', (f, out) => f.rrelu!.backward!(dy, x, { training: true, out })],
  ['threshold without its required options', (f, out) => f.threshold!(x, { out })],
];

describe('argument errors', () => {
  for (const busy of [false, true]) {
    it(`reject with the sync API's error class and message, nothing written (pool ${busy ? 'busy' : 'idle'})`, async () => {
      const big = new Float32Array(1 << 20);
      for (const [what, call] of BAD) {
        let syncError: Error | undefined;
        try {
          call(W as never, new Float32Array(4096).fill(SENTINEL));
        } catch (e) {
          syncError = e as Error;
        }
        if (!syncError) continue; // a method this build does not have at all
        const running = busy ? pool.sigmoid(big) : undefined;
        const out = new Float32Array(4096).fill(SENTINEL);
        const before = x.slice();
        const poolError = await errorOf(() => call(pool as never, out) as Promise<unknown>);
        expect(poolError.constructor, what).toBe(syncError.constructor);
        expect(poolError.message, what).toBe(syncError.message);
        expect(out.every((v) => v === SENTINEL), `${what}: out untouched`).toBe(true);
        expectSameBits(x, before, `${what}: x untouched`);
        await running;
      }
    });
  }

  it('pool.activate names unknown activations, and runs known ones by name and alias', async () => {
    await expect(pool.activate('sigmoidd', x)).rejects.toThrow(TypeError);
    await expect(pool.activate('sigmoidd', x)).rejects.toThrow(/pool\.activate: unknown activation "sigmoidd"; known: .*logistic/);
    await expect(pool.activate(5 as never, x)).rejects.toThrow(/name must be a string; got 5/);
    expectSameBits(await pool.activate('logistic', x), simd(() => W.sigmoid(x)), 'logistic');
    expectSameBits(await pool.activate('softmax', x, { rowLength: 64 }), simd(() => W.softmax(x, { rowLength: 64 })), 'softmax');
  });

  it('disposed pool buffers and views outside live buffers are TypeErrors', async () => {
    const b = pool.allocate(4096);
    const view = b.array;
    b.dispose();
    await expect(pool.sigmoid(view)).rejects.toThrow(/sigmoid: x belongs to a disposed buffer/);
    await expect(pool.sigmoid(x, { out: view })).rejects.toThrow(/sigmoid: out belongs to a disposed buffer/);
    const live = pool.allocate(4096);
    await expect(pool.tanh.backward(dy, new Float32Array(live.array.buffer, 0, 16))).rejects.toThrow(/tanh\.backward: x reaches outside the allocate\(\) buffer it was made from/);
    expect(() => pool.allocate(-1)).toThrow(/pool\.allocate: n must be an integer/);
  });

  it('createPool rejects bad options with TypeError / RangeError', async () => {
    await expect(W.createPool({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(W.createPool({ threads: 1.5 })).rejects.toThrow(/createPool: threads must be an integer in \[1, 256\]; got 1.5/);
    await expect(W.createPool({ threads: '2' as never })).rejects.toThrow(TypeError);
    await expect(W.createPool({ thread: 2 } as never)).rejects.toThrow(/createPool: unknown option "thread"; createPool takes threads, minParallel, maximumMemory/);
    await expect(W.createPool({ maximumMemory: 2 ** 33 })).rejects.toThrow(RangeError);
    await expect(W.createPool(null as never)).rejects.toThrow(/options must be an object; got null/);
  });
});

describe('errors in workers', () => {
  it('reject the call with the original class and message; the pool keeps working', async () => {
    for (const [name, ctor] of [['RangeError', RangeError], ['TypeError', TypeError], ['Error', Error]] as const) {
      internals(pool).failNext({ name, message: `injected ${name}` });
      const error = await errorOf(() => pool.sigmoid(x));
      expect(error).toBeInstanceOf(ctor);
      expect(error.constructor).toBe(ctor);
      expect(error.message).toBe(`injected ${name}`);
      expectSameBits(await pool.sigmoid(x), simd(() => W.sigmoid(x)), 'next call');
    }
  });

  it('errors the worker itself hits keep their class too (RangeError of a bad job, WebAssembly.RuntimeError)', async () => {
    const error = await errorOf(() => internals(pool).run({
      kind: 'map', kernel: 'sigmoid_forward', a: 0, b: 0, inputs: [{ addr: 2 ** 32 - 4096 }], widths: [1],
      out: 2 ** 32 - 4096, outWidth: 1, units: 4000, chunkUnits: 1000, chunks: 4,
    }));
    expect(error.constructor).toBe(RangeError);
    expect(error.message).toMatch(/Invalid typed array length/);
    expect(error.stack).toMatch(/in a pool worker/);
    internals(pool).failNext({ name: 'RuntimeError', message: 'unreachable' });
    const trap = await errorOf(() => pool.relu(x));
    expect(trap).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(trap.message).toBe('unreachable');
    const r = resident(pool, x);
    expectSameBits(await pool.tanh(r, { out: r }), simd(() => W.tanh(x)), 'after the errors');
  });

  it('an unknown kernel rejects with the missing-export error', async () => {
    await expect(internals(pool).run({
      kind: 'map', kernel: 'nope_forward', a: 0, b: 0, inputs: [{ addr: 65536 }], widths: [1],
      out: 65536, outWidth: 1, units: 10, chunkUnits: 10, chunks: 1,
    })).rejects.toThrow(/missing wasm export nope_forward/);
  });
});

describe('a pool where threads cannot run', () => {
  it('computes on the calling thread and says why once', async () => {
    const saved = globalThis.SharedArrayBuffer;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
      const a = await W.createPool({ threads: 4 });
      const b = await W.createPool();
      expect([a.threads, a.parallel, b.parallel]).toEqual([1, false, false]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/createPool: SharedArrayBuffer is unavailable here.*the pool computes on the calling thread/);
      const y = await a.sigmoid(x);
      expectSameBits(y, W.sigmoid(x), 'fallback');
      const buf = a.allocate(16);
      expect(buf.array.buffer).toBeInstanceOf(ArrayBuffer);
      await a.close();
      await expect(a.relu(x)).rejects.toThrow(/relu: the pool is closed/);
    } finally {
      globalThis.SharedArrayBuffer = saved;
      warn.mockRestore();
    }
  });
});
