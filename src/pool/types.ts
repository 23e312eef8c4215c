// Public types of the worker pool: the async form of every activation function of the
// package, derived from the package's own exports so that new activations appear here
// without edits.

import type { ElementwiseActivation, OutOption, OutputDifferentiable } from '../activation.js';
import type { FloatArray } from '../backends/backend.js';
import type { WasmBuffer } from '../memory.js';
import type {
  GluActivation, PreluActivation, PreluOptions, RowOptions, RowwiseActivation, RreluActivation, RreluOptions, SoftmaxOptions,
} from '../structured/index.js';
import type * as api from '../index.js';

export interface PoolOptions {
  /**
   * Worker threads. Default: `os.availableParallelism()` in Node; in browsers
   * `navigator.hardwareConcurrency`, at most 8, and half of it in WebKit (which rounds it up).
   */
  threads?: number;
  /**
   * Calls on fewer elements than this run on the calling thread, where handing work to
   * threads costs more than it saves (default 524288).
   */
  minParallel?: number;
  /** Most bytes of shared memory the pool may grow to, for its buffers and staging (default 1 GiB, at most 4 GiB). */
  maximumMemory?: number;
}

/** An element-wise activation on the pool: the sync function's arguments, a promise of its result. */
export interface PoolElementwise<P extends object> {
  <A extends FloatArray>(x: A, opts?: P & OutOption<A>): Promise<A>;
  backward<A extends FloatArray>(dy: A, x: A, opts?: P & OutOption<A>): Promise<A>;
  derivative<A extends FloatArray>(x: A, opts?: P & OutOption<A>): Promise<A>;
}

export interface PoolOutputDifferentiable<P extends object> extends PoolElementwise<P> {
  backwardFromOutput<A extends FloatArray>(dy: A, y: A, opts?: P & OutOption<A>): Promise<A>;
}

/** softmax, logSoftmax, softmin on the pool. */
export interface PoolRowwise {
  <A extends FloatArray>(x: A, opts: SoftmaxOptions & OutOption<A>): Promise<A>;
  backward<A extends FloatArray>(dy: A, x: A, opts: SoftmaxOptions & OutOption<A>): Promise<A>;
  backwardFromOutput<A extends FloatArray>(dy: A, y: A, opts: SoftmaxOptions & OutOption<A>): Promise<A>;
  /** Rejects with a TypeError, as the sync function throws one. */
  derivative(x: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolGlu {
  <A extends FloatArray>(x: A, opts?: RowOptions & OutOption<A>): Promise<A>;
  backward<A extends FloatArray>(dy: A, x: A, opts?: RowOptions & OutOption<A>): Promise<A>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
  derivative(x: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolPrelu {
  <A extends FloatArray>(x: A, opts?: PreluOptions & OutOption<A>): Promise<A>;
  backward<A extends FloatArray>(dy: A, x: A, opts?: PreluOptions & OutOption<A>): Promise<A>;
  derivative<A extends FloatArray>(x: A, opts?: PreluOptions & OutOption<A>): Promise<A>;
  /** Computed in float64 JavaScript on the calling thread, as the sync function does. */
  weightGradient<A extends FloatArray>(dy: A, x: A, opts?: PreluOptions): Promise<A>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolRrelu {
  <A extends FloatArray>(x: A, opts?: RreluOptions & OutOption<A>): Promise<A>;
  backward<A extends FloatArray>(dy: A, x: A, opts?: Omit<RreluOptions, 'seed'> & OutOption<A>): Promise<A>;
  derivative<A extends FloatArray>(x: A, opts?: Omit<RreluOptions, 'noise'> & OutOption<A>): Promise<A>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
}

/** The pool form of a sync activation function type (most specific shapes first). */
export type PoolActivation<F> =
  F extends PreluActivation ? PoolPrelu
  : F extends GluActivation ? PoolGlu
  : F extends RowwiseActivation ? PoolRowwise
  : F extends RreluActivation ? PoolRrelu
  : F extends OutputDifferentiable<infer P> ? PoolOutputDifferentiable<P>
  : F extends ElementwiseActivation<infer P> ? PoolElementwise<P>
  : never;

type Api = typeof api;

/** Names of the package's activation functions (its exports with a backward method), aliases included. */
export type ActivationName = { [K in keyof Api]: Api[K] extends { backward: unknown } ? K : never }[keyof Api];

/** A worker pool: every activation of the package as an async function, plus buffers and lifetime. */
export type Pool = { readonly [K in ActivationName]: PoolActivation<Api[K]> } & {
  /** Threads that compute: the workers, or 1 where the pool runs on the calling thread. */
  readonly threads: number;
  /** False where the pool runs on the calling thread (no shared memory here; it said why once). */
  readonly parallel: boolean;
  /**
   * A buffer in the pool's shared memory: calls on its `array` (and subarrays) run in place,
   * without copies. As allocate(), with `dispose()`; views stay valid when memory grows.
   * Where the pool runs on the calling thread, an ordinary array with the same interface.
   */
  allocate(n: number): WasmBuffer;
  /** The activation called `name`, as the package's activate(). */
  activate<A extends FloatArray>(name: string, x: A, opts?: Record<string, unknown> & OutOption<A>): Promise<A>;
  /**
   * Stops the workers. Calls in flight or queued reject with an Error saying the pool was
   * closed; later calls reject too. Resolves when the workers have stopped.
   */
  close(): Promise<void>;
};
