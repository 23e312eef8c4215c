// createPool(): an opt-in worker pool that splits large calls across threads over one
// shared WebAssembly memory. Nothing here is loaded by the single-thread API: the pool has
// its own wasm build (SIMD + threads), its own shared memory and its own workers.
//
// A pool call runs the package's own public function against a recording backend
// (record.ts), so validation, defaults and kernels are exactly the sync API's; the recorded
// steps then run on the workers (steps.ts, workers.ts). Calls run one after another in the
// order they are made; small ones (under minParallel elements) on the calling thread.

import { ELEMENTWISE_FUNCTIONS } from '../elementwise.js';
import { decode, init, threadsBuild, withBackend } from '../backends/loader.js';
import { BY_NAME, STRUCTURED_BY_NAME } from '../catalogue/index.js';
import { recheckArray } from '../args/arrays.js';
import { parseInteger, readOptions, withDefaults } from '../args/options.js';
import { namedFunction } from '../named.js';
import { preparerOf, type Prepared, type Preparer } from '../call.js';
import { describe, typeError } from '../errors.js';
import { warnOnce } from '../warn.js';
import { checkAllocation, PAGE, SCRATCH_BYTES, scratchSlots, WasmBuffer, WasmMemory } from '../memory.js';
import { STRUCTURED_FUNCTIONS } from '../structured/index.js';
import { controlInts, type SerializedError, type WorkerInit } from './protocol.js';
import { Recorder, Unrecordable, type Step } from './record.js';
import { environment, type Environment } from './spawn.js';
import { runStep, type Tuning } from './steps.js';
import type { Pool, PoolOptions } from './types.js';
import { DONE_MESSAGES, Workers, type JobSpec } from './workers.js';

export type * from './types.js';

const DEFAULT_MIN_PARALLEL = 1 << 19;
const DEFAULT_MAXIMUM_MEMORY = 2 ** 30;
const MAX_THREADS = 256;
/** Chunks of 32–128 Ki elements (128–512 KiB per operand, L2-sized), staging windows of 1 Mi elements. */
const TUNING: Tuning = { chunk: 1 << 15, maxChunk: 1 << 17, window: 1 << 20 };
/** Methods of a public function the pool mirrors (where the function has them). */
const METHODS = ['backward', 'backwardFromOutput', 'derivative', 'weightGradient'] as const;
/** Symbol of the test hooks (not part of the API). */
const INTERNALS = Symbol.for('wasm-activations.pool.internals');

type Fn = (...args: unknown[]) => unknown;


const ignore = (): void => undefined;

/** Runs calls in order: on the workers, or on the calling thread when small (or without workers). */
class Scheduler {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  closed: Error | undefined;
  private closing: Promise<void> | undefined;
  /** Test hook: the next job's workers throw this. */
  fault: SerializedError | undefined;
  tuning: Tuning = TUNING;
  /** Calls run on the workers and on the calling thread (for tests and diagnostics). */
  readonly stats = { workers: 0, callingThread: 0 };

  constructor(readonly minParallel: number, readonly mem?: WasmMemory, readonly workers?: Workers) {}

  /**
   * A call of the public method `prepare` belongs to: read and validated now (errors
   * reject at once, and caller code such as option getters runs only now, never while a
   * call is being recorded), then run in order.
   */
  call(name: string, prepare: Preparer, args: unknown[], rowsCallable: boolean): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${name}: the pool is closed`));
    let p: Prepared;
    try {
      p = prepare(args);
      if (this.pending === 0 && (!this.workers || p.size < this.minParallel)) {
        this.stats.callingThread++;
        return Promise.resolve(p.run());
      }
    } catch (e) {
      return Promise.reject(e);
    }
    this.track(1);
    const run = this.tail.then(() => this.run(name, p, rowsCallable));
    this.tail = run.catch(ignore);
    return run.finally(() => this.track(-1));
  }

  /** Test hook: hand-made work, counted as work (Node keeps running for it). */
  async direct(work: () => Promise<void>): Promise<void> {
    this.track(1);
    try {
      await work();
    } finally {
      this.track(-1);
    }
  }

  private track(delta: number): void {
    this.pending += delta;
    if (delta > 0 && this.pending === 1) this.workers?.setBusy(true);
    if (delta < 0 && this.pending === 0) this.workers?.setBusy(false);
  }

  private async run(name: string, p: Prepared, rowsCallable: boolean): Promise<unknown> {
    if (this.closed) throw new Error(`${name}: the pool is closed`);
    // Earlier calls ran in between: the arrays may have been detached, resized or disposed since.
    for (const a of p.arrays) recheckArray(name, a);
    const local = (): unknown => {
      this.stats.callingThread++;
      return p.run();
    };
    if (p.size < this.minParallel) return local();
    const recorder = new Recorder(rowsCallable);
    let result: unknown;
    try {
      result = withBackend(recorder, () => p.run());
    } catch (e) {
      if (e instanceof Unrecordable) return local();
      throw e;
    }
    // Float64 data and float64 JavaScript methods (prelu.weightGradient) ran as they were recorded.
    if (recorder.steps.length === 0) this.stats.callingThread++;
    else this.stats.workers++;
    const [fnName, method = 'forward'] = name.split('.') as [string, string?];
    const extra: Pick<JobSpec, 'call' | 'fault'> = { call: rowsCallable ? { name: fnName, method } : undefined, fault: this.fault };
    this.fault = undefined;
    for (const step of recorder.steps) {
      // Too little shared memory left to stage the step: the call runs here instead (a
      // step that cannot stage has written nothing, and the steps before it only wrote
      // what the whole call rewrites the same way).
      if (!(await runStep(step, this.mem!, this.workers!, this.tuning, extra))) return local();
    }
    for (const work of recorder.after) work();
    return result;
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closed = new Error('wasm-activations: the pool was closed (pool.close()) before the call finished');
      this.closing = this.workers?.close(this.closed) ?? Promise.resolve();
    }
    return this.closing;
  }
}

interface Checked {
  threads?: number;
  minParallel: number;
  maximumPages: number;
}

const POOL_OPTIONS: ReadonlySet<string> = new Set(['threads', 'minParallel', 'maximumMemory']);

function checkOptions(options: unknown): Checked {
  const fn = 'createPool';
  const o = readOptions(fn, options, POOL_OPTIONS, 'options');
  const integer = (key: string, lo: number, hi: number): number | undefined =>
    o[key] === undefined ? undefined : parseInteger(fn, key, o[key], lo, hi);
  const threads = integer('threads', 1, MAX_THREADS);
  const minParallel = integer('minParallel', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_MIN_PARALLEL;
  const bytes = integer('maximumMemory', 4 * 2 ** 20, 2 ** 32) ?? DEFAULT_MAXIMUM_MEMORY;
  return { threads, minParallel, maximumPages: Math.ceil(bytes / PAGE) };
}

/** The shared memory, the control block, scratch slots per worker, and the started workers. */
async function startWorkers(env: Exclude<Environment, { kind: 'none' }>, threads: number, o: Checked): Promise<{ mem: WasmMemory; workers: Workers }> {
  // The threads variant of the calling thread's build: pool results are bitwise the single-thread ones.
  const build = await threadsBuild();
  const bytes = decode(build.hex);
  if (!WebAssembly.validate(bytes)) throw new Error(`this engine does not support WebAssembly threads with SIMD (${build.name} build)`);
  const module = await WebAssembly.compile(bytes);
  const mem = new WasmMemory(o.maximumPages);
  const control = mem.allocate(controlInts(threads), true).byteOffset;
  const inits = Array.from({ length: threads }, (_, index): WorkerInit => {
    const scratch = mem.allocate(SCRATCH_BYTES / 4, true);
    const slots = scratchSlots(scratch.byteOffset);
    return { module, features: build.features, memory: mem.memory, slots, index, control, doneMessages: DONE_MESSAGES };
  });
  const workers = new Workers(env.spawn, inits, (index, error) =>
    console.warn(`wasm-activations: ${error.message}; starting a new worker ${index}`));
  try {
    await workers.start();
  } catch (e) {
    await workers.close(e as Error);
    throw e;
  }
  workers.setBusy(false);
  return { mem, workers };
}

/**
 * Starts a pool of `threads` workers over one shared memory. Where threads cannot run
 * (a page that is not cross-origin isolated, no SharedArrayBuffer), the pool computes on
 * the calling thread and says why once.
 */
export async function createPool(options?: PoolOptions): Promise<Pool> {
  const o = checkOptions(options);
  // The fastest build for the calling thread first (as init(); setBackend's choice stays), so
  // that the workers run its threads variant.
  await init();
  const env = await environment();
  let started: { mem: WasmMemory; workers: Workers } | undefined;
  let threads = 1;
  if (env.kind === 'none') {
    warnOnce('pool environment', `createPool: ${env.reason}; the pool computes on the calling thread`);
  } else {
    threads = o.threads ?? Math.max(1, env.cores);
    try {
      started = await startWorkers(env, threads, o);
    } catch (e) {
      warnOnce('pool start', `createPool: workers could not start (${(e as Error).message}); the pool computes on the calling thread`);
      threads = 1;
    }
  }
  const { mem, workers } = started ?? {};
  const scheduler = new Scheduler(o.minParallel, mem, workers);

  const functions = new Map<string, Fn>();
  const add = (alias: string, name: string, fn: object, rowsCallable: boolean): void => {
    const bind = (method: string, prepare: Preparer): Fn => {
      const label = method === 'forward' ? name : `${name}.${method}`;
      return (...args: unknown[]) => scheduler.call(label, prepare, args, rowsCallable);
    };
    const f = bind('forward', preparerOf(fn)!);
    Object.defineProperty(f, 'name', { value: name });
    for (const m of METHODS) {
      const prepare = preparerOf((fn as Record<string, unknown>)[m]);
      if (prepare) (f as unknown as Record<string, Fn>)[m] = bind(m, prepare);
    }
    functions.set(alias, f);
  };
  for (const [alias, spec] of BY_NAME) add(alias, spec.name, ELEMENTWISE_FUNCTIONS.get(spec.name)!, false);
  for (const [alias, spec] of STRUCTURED_BY_NAME) {
    add(alias, spec.name, STRUCTURED_FUNCTIONS.get(spec.name)!, spec.kind === 'softmax' || spec.kind === 'glu');
  }

  const closedCheck = (fn: string): void => {
    if (scheduler.closed) throw new Error(`${fn}: the pool is closed`);
  };
  const pool: Record<string | symbol, unknown> = Object.fromEntries(functions);
  Object.assign(pool, {
    threads,
    parallel: workers !== undefined,
    allocate(n: number): WasmBuffer {
      checkAllocation('pool.allocate', n);
      closedCheck('pool.allocate');
      // Without workers: ordinary arrays, so that views never go stale (as shared ones do not).
      return mem ? mem.allocate(n) : new WasmBuffer(undefined, undefined, n);
    },
    activate(name: string, x: unknown, opts?: unknown): Promise<unknown> {
      try {
        const named = namedFunction('pool.activate', name);
        return functions.get(named.target)!(x, withDefaults('pool.activate', opts, named.defaults)) as Promise<unknown>;
      } catch (e) {
        return Promise.reject(e);
      }
    },
    close: () => scheduler.close(),
  });
  const asyncDispose = (Symbol as unknown as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose');
  pool[asyncDispose] = () => scheduler.close();
  Object.defineProperty(pool, INTERNALS, {
    value: {
      /** Worker `index` dies during its next job. */
      crash: (index: number) => workers?.crash(index),
      /** The workers of the next parallel call throw this error. */
      failNext: (error: SerializedError) => {
        scheduler.fault = error;
      },
      readyWorkers: () => workers?.readyCount ?? 0,
      /** Chunk and staging-window sizes in elements (small ones exercise many chunks and windows). */
      setTuning: (tuning: Tuning) => {
        scheduler.tuning = tuning;
      },
      run: (spec: JobSpec) => scheduler.direct(() => workers!.run(spec)),
      /** A hand-made step (operands as the recorder passes them). */
      runStep: (step: Step) => scheduler.direct(async () => {
        if (!(await runStep(step, mem!, workers!, scheduler.tuning))) throw new RangeError('runStep: no shared memory left for staging');
      }),
      memory: () => mem,
      stats: () => ({ ...scheduler.stats }),
    },
  });
  return Object.freeze(pool) as unknown as Pool;
}
