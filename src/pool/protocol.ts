// Messages between a worker pool (the calling thread) and its workers, and the round trip
// of errors. Work is split into chunks that the workers claim from a counter in shared
// memory; messages only start jobs and report that a worker is through with one.

import type { GeneratedRecipe } from '../backends/backend.js';

/** @internal What a worker is started with (structured-cloned: Node's workerData or a first message). */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Byte addresses of the worker's own three scratch slots in the shared memory. */
  readonly slots: readonly number[];
}

/** An input of a job: resident at a byte address, or generated from a recipe, element `start` first. */
export type JobOperand = { readonly addr: number } | { readonly recipe: GeneratedRecipe; readonly start: number };

/**
 * One Backend operation over `units` units (elements, or rows for `rows`). Chunk c covers
 * units [c·chunkUnits, min((c+1)·chunkUnits, units)); workers claim chunks with
 * Atomics.add on the Int32 at byte address `counter` until it reaches `chunks`.
 */
export interface Job {
  readonly type: 'job';
  readonly id: number;
  readonly kind: 'map' | 'map2' | 'map3' | 'rows';
  readonly kernel: string;
  readonly a: number;
  readonly b: number;
  readonly inputs: readonly JobOperand[];
  /** Elements per unit of each input, and of the output. */
  readonly widths: readonly number[];
  readonly out: number;
  readonly outWidth: number;
  readonly units: number;
  readonly chunkUnits: number;
  readonly chunks: number;
  readonly counter: number;
  /**
   * Row ops: the public row-wise function (softmax family, glu) and method, which workers
   * call on their chunk of whole rows where rows are longer than one kernel call takes.
   */
  readonly call?: { readonly name: string; readonly method: string };
  /** Test hook: the worker throws this error on its first chunk. */
  readonly fault?: SerializedError;
}

export type ToWorker =
  | { readonly type: 'init'; readonly init: WorkerInit }
  | Job
  /** Test hook: claim a chunk of the next job, then die with an uncaught error. */
  | { readonly type: 'crash' };

export type FromWorker =
  | { readonly type: 'ready' }
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
