// Messages between a worker pool (the calling thread) and its workers, and the round trip
// of errors. Work is split into chunks that the workers claim from a counter in shared
// memory; messages only start jobs and report that a worker is through with one.

import type { GeneratedRecipe } from '../backends/backend.js';
import type { OpShape } from './record.js';

/** @internal What a worker is started with (structured-cloned: Node's workerData or a first message). */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  /** The module's features() bits (the threads variant of the calling thread's build). */
  readonly features: number;
  readonly memory: WebAssembly.Memory;
  /** Byte addresses of the worker's own three scratch slots in the shared memory. */
  readonly slots: readonly number[];
  /** The worker's number: its state word in each job slot is STATE_INTS + index. */
  readonly index: number;
  /** Byte address of the control block (SIGNAL, then the job slots). */
  readonly control: number;
  /** Also report finished jobs by message (where the pool cannot use Atomics.waitAsync). */
  readonly doneMessages: boolean;
}

// The control block, in Int32s from its address: SIGNAL (bumped and notified when the last
// worker of a job finishes its part), then JOB_SLOTS job slots of slotInts(threads)
// Int32s: [0] the chunk counter, [1] workers finished, [STATE_INTS + i] worker i's state for the
// job (0 while it works, DONE, or FAILED with an 'error' message on its way). 64-byte
// lines apart.

export const SIGNAL = 0;
/** Int32s before the first job slot (SIGNAL and padding: one 64-byte line). */
export const HEADER_INTS = 16;
/** Index, within a job slot, of worker 0's state word (the chunk counter and finished count come first, one line). */
export const STATE_INTS = 16;
export const JOB_SLOTS = 64;
export const DONE = 1;
export const FAILED = 2;

/** Int32s per job slot for `threads` workers. */
export function slotInts(threads: number): number {
  return STATE_INTS + 16 * Math.ceil(threads / 16);
}

/** Int32s of the whole control block. */
export function controlInts(threads: number): number {
  return HEADER_INTS + JOB_SLOTS * slotInts(threads);
}

/** An input of a job: resident at a byte address, or generated from a recipe, element `start` first. */
export type JobOperand = { readonly addr: number } | { readonly recipe: GeneratedRecipe; readonly start: number };

/**
 * One Backend operation over `units` units (elements, or rows for `rows`). Chunk c covers
 * units [c·chunkUnits, min((c+1)·chunkUnits, units)); workers claim chunks with
 * Atomics.add on the chunk counter of the job slot at byte address `slot` until it
 * reaches `chunks`, then set their state word in the slot and bump SIGNAL.
 */
export interface Job extends OpShape {
  readonly type: 'job';
  readonly id: number;
  readonly inputs: readonly JobOperand[];
  readonly out: number;
  readonly chunkUnits: number;
  readonly chunks: number;
  readonly slot: number;
  /** Workers the job was given (the last of them to finish bumps SIGNAL). */
  readonly workers: number;
  /**
   * Row ops: the public row-wise function (softmax family, glu) and method, which workers
   * call on their chunk of whole rows where rows are longer than one kernel call takes.
   */
  readonly call?: { readonly name: string; readonly method: string };
  /** Test hook: the worker throws this error on its first chunk. */
  readonly fault?: SerializedError;
  /**
   * Strided jobs: unit u is block u mod `blocks` (lanes [b·laneChunk, …) of `lanes`) of slab
   * ⌊u / blocks⌋, `slabStride` elements apart; within a slab the dimension's `size` rows are
   * `stride` elements apart.
   */
  readonly strided?: StridedJob;
}

export interface StridedJob {
  readonly size: number;
  readonly lanes: number;
  readonly stride: number;
  readonly slabStride: number;
  readonly laneChunk: number;
  readonly blocks: number;
}

export type ToWorker =
  | { readonly type: 'init'; readonly init: WorkerInit }
  | Job
  /** Test hook: claim a chunk of the next job, then die with an uncaught error. */
  | { readonly type: 'crash' };

export type FromWorker =
  | { readonly type: 'ready' }
  /** Only where WorkerInit.doneMessages asks for it (the state word says it anyway). */
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError }
  /** Startup failed (the worker cannot run). */
  | { readonly type: 'failed'; readonly error: SerializedError };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/** Constructors of the errors a worker can throw, by name. */
function constructorOf(name: string): new (message: string) => Error {
  const wasm = (globalThis as { WebAssembly?: Record<string, unknown> }).WebAssembly;
  const standard: Record<string, unknown> = {
    Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError,
    RuntimeError: wasm?.RuntimeError, CompileError: wasm?.CompileError, LinkError: wasm?.LinkError,
  };
  const ctor = standard[name];
  return typeof ctor === 'function' ? (ctor as new (message: string) => Error) : Error;
}

/** The error again, with its original class (where it is a standard one), name and message. */
export function deserializeError(s: SerializedError): Error {
  const e = new (constructorOf(s.name))(s.message);
  if (e.name !== s.name) Object.defineProperty(e, 'name', { value: s.name, configurable: true, writable: true });
  if (s.stack) e.stack = `${e.stack ?? ''}\n    --- in a pool worker ---\n${s.stack}`;
  return e;
}
