// Support for the worker-pool tests. They run against the built package (dist/, built by
// `npm test`): Node starts pool workers from dist/pool/worker-node.js.

import { afterAll, beforeAll, expect } from 'vitest';
import * as W from '../../dist/index.js';
import type { Pool } from '../../dist/index.js';

export { W };
export type { Pool };

/** The pool's test hooks (not part of the API). */
export interface Internals {
  crash(index: number): void;
  failNext(error: { name: string; message: string }): void;
  readyWorkers(): number;
  run(spec: Record<string, unknown>): Promise<void>;
  runStep(step: Record<string, unknown>): Promise<void>;
  setTuning(t: { chunk: number; maxChunk: number; window: number }): void;
  memory(): unknown;
  stats(): { workers: number; callingThread: number };
}

export function internals(pool: Pool): Internals {
  return (pool as unknown as Record<symbol, Internals>)[Symbol.for('wasm-activations.pool.internals')]!;
}

/** Small chunks and windows that do not divide the test lengths: many chunks, many windows, odd edges. */
export const SMALL_TUNING = { chunk: 1000, maxChunk: 1000, window: 5003 };

/** A pool whose every call goes to the workers, with small chunks and windows. */
export async function testPool(threads = 2): Promise<Pool> {
  const pool = await W.createPool({ threads, minParallel: 0 });
  expect(pool.parallel).toBe(true);
  internals(pool).setTuning(SMALL_TUNING);
  return pool;
}

/** A public function (and its methods) called generically. */
export type SyncFn = ((...a: unknown[]) => Float32Array) & Record<string, (...a: unknown[]) => Float32Array>;
export type PoolFn = ((...a: unknown[]) => Promise<Float32Array>) & Record<string, (...a: unknown[]) => Promise<Float32Array>>;

/** The package's function `name`, or the pool's. */
export const syncFn = (name: string): SyncFn => (W as unknown as Record<string, SyncFn>)[name]!;
export const poolFn = (pool: Pool, name: string): PoolFn => (pool as unknown as Record<string, PoolFn>)[name]!;

/** One test pool for a whole test file: started before its tests, closed after them. */
export function filePool(threads = 2): () => Pool {
  let pool: Pool | undefined;
  beforeAll(async () => {
    pool = await testPool(threads);
  });
  afterAll(() => pool?.close());
  return () => pool!;
}

/**
 * Index of the first element whose bits differ, or -1. NaN equals NaN whatever its sign
 * and payload: those are unspecified, and differ between two calls of the sync API itself
 * where JavaScript glue code carries a NaN (V8's tiers do not keep NaN bits).
 */
export function firstDifference(a: Float32Array | Float64Array, b: Float32Array | Float64Array): number {
  if (a.length !== b.length) return 0;
  const ua = a instanceof Float32Array ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = b instanceof Float32Array ? new Uint32Array(b.buffer, b.byteOffset, b.length) : new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

/** Expects bitwise-equal arrays, saying where they differ. */
export function expectSameBits(got: Float32Array | Float64Array, want: Float32Array | Float64Array, what: string): void {
  const i = firstDifference(got, want);
  expect(i, `${what}: element ${i} is ${got[i]} instead of ${want[i]} (lengths ${got.length}, ${want.length})`).toBe(-1);
}

/**
 * The single-thread result on the backend the pool mirrors (the automatic choice once
 * createPool() has run init(): relaxed SIMD where the engine has it, else SIMD): the
 * reference every pool result must equal bitwise.
 */
export function simd<T>(f: () => T): T {
  W.setBackend('auto');
  return f();
}

/** Copies `x` into a new pool buffer (kept alive by the returned view's buffer object). */
export function resident(pool: Pool, x: Float32Array): Float32Array {
  const b = pool.allocate(x.length);
  b.array.set(x);
  return b.array;
}

/** The error a call throws or rejects with. */
export async function errorOf(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
