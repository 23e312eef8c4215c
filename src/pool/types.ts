// Public types of the worker pool: the async form of every activation function of the
// package, derived from the generated activation exports (src/generated/api.ts, which the
// package index re-exports), so that new activations appear here
// without edits.

import type { GluOptions, PreluOptions, RreluOptions, SoftmaxOptions } from '../generated/api.js';
import type * as api from '../generated/api.js';
import type { BiasGradOption, BiasOptions, FloatArray, NewArray, OptionsArg, Result, SameType } from '../types/arrays.js';
import type {
  ElementwiseActivation, GluActivation, OutputDifferentiable, PreluActivation, RowwiseActivation, RreluActivation,
} from '../types/functions.js';
import type { KnownName, NamedOptionsArg } from '../types/names.js';
import type { WasmBuffer } from '../types/runtime.js';

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
  /** f(x), as the package's function: into a new array or `opts.out`. */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P & BiasOptions, O>): Promise<Result<X, O>>;
  /** dx = dy · f'(x). */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P & BiasOptions & BiasGradOption<SameType<X>>, O>): Promise<Result<X, O>>;
  /** f'(x). */
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P & BiasOptions, O>): Promise<Result<X, O>>;
}

export interface PoolOutputDifferentiable<P extends object> extends PoolElementwise<P> {
  /** dx = dy · f'(x) from the output y = f(x). */
  backwardFromOutput<X extends FloatArray, O extends SameType<X> = never>(dy: X, y: SameType<X>, ...opts: OptionsArg<P & BiasOptions & BiasGradOption<SameType<X>>, O>): Promise<Result<X, O>>;
}

/** softmax, logSoftmax, softmin on the pool (rowLength required). */
export interface PoolRowwise<P extends object = SoftmaxOptions> {
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backwardFromOutput<X extends FloatArray, O extends SameType<X> = never>(dy: X, y: SameType<X>, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  /** Rejects with a TypeError, as the sync function throws one. */
  derivative(x: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolGlu<P extends object = GluOptions> {
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
  derivative(x: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolPrelu<P extends object = PreluOptions> {
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  /** Computed in float64 JavaScript on the calling thread, as the sync function does. */
  weightGradient<X extends FloatArray>(dy: X, x: SameType<X>, opts?: P): Promise<NewArray<X>>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
}

export interface PoolRrelu<P extends object = RreluOptions> {
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Promise<Result<X, O>>;
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<Omit<P, 'seed'>, O>): Promise<Result<X, O>>;
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<Omit<P, 'noise'>, O>): Promise<Result<X, O>>;
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): Promise<never>;
}

/** The pool form of a sync activation function type (most specific shapes first). */
export type PoolActivation<F> =
  F extends PreluActivation<infer P> ? PoolPrelu<P>
  : F extends GluActivation<infer P> ? PoolGlu<P>
  : F extends RowwiseActivation<infer P> ? PoolRowwise<P>
  : F extends RreluActivation<infer P> ? PoolRrelu<P>
  : F extends OutputDifferentiable<infer P> ? PoolOutputDifferentiable<P>
  : F extends ElementwiseActivation<infer P> ? PoolElementwise<P>
  : never;

type Api = typeof api;

/** Names of the package's activation functions (its exports with a backward method), aliases included. */
export type ActivationFunctionName = { [K in keyof Api]: Api[K] extends { backward: unknown } ? K : never }[keyof Api];

/** A worker pool: every activation of the package as an async function (documented as the function), plus buffers and lifetime. */
export type Pool = { readonly [K in keyof Api as K extends ActivationFunctionName ? K : never]: PoolActivation<Api[K]> } & {
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
  /** The activation called `name`, as the package's activate(): the same names, options and defaults. */
  activate<N extends string, X extends FloatArray, O extends SameType<X> = never>(
    name: KnownName<N>, x: X, ...opts: NamedOptionsArg<N, O>): Promise<Result<X, O>>;
  /**
   * Stops the workers. Calls in flight or queued reject with an Error saying the pool was
   * closed; later calls reject too. Resolves when the workers have stopped.
   */
  close(): Promise<void>;
  /** close(), for `await using pool = await createPool()`. */
  [Symbol.asyncDispose](): Promise<void>;
};
