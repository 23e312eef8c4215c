// wasm-activations: neural-network activation functions and their gradients over
// Float32Array / Float64Array buffers, in WebAssembly SIMD with scalar-wasm and
// JavaScript fallbacks.
//
// The published declarations reach only this file, src/types/, src/info.ts,
// src/pool/types.ts and src/generated/api.ts (the activation functions, generated from the
// catalogue): each export below is typed with those, so no internal module's types are
// part of the API.

import { withDefaults } from './args/options.js';
import * as loader from './backends/loader.js';
import * as memory from './memory.js';
import * as named from './named.js';
import type { BiasOptions, FloatArray, OutOption, Result, SameType } from './types/arrays.js';
import * as bias from './bias.js';
import type { ActivationName, KnownName, NamedOptionsArg } from './types/names.js';
import type { BackendName, WasmBuffer as WasmBufferType, WasmBufferConstructor } from './types/runtime.js';
import type { Float16ArrayOrNever } from './types/arrays.js';
import type { Pool, PoolOptions } from './pool/types.js';

export type { BiasGradOption, BiasOptions, Float16ArrayOrNever, FloatArray, NewArray, OutOption, Result, SameType } from './types/arrays.js';
export type {
  ElementwiseActivation, GluActivation, OutputDifferentiable, PreluActivation, RowwiseActivation, RreluActivation,
} from './types/functions.js';
export type { ActivationName, KnownName, LooseOptions, NamedOptionsArg } from './types/names.js';
export type { BackendName, WasmBufferConstructor } from './types/runtime.js';
export { activationInfo, type ActivationInfo, type ParamInfo } from './info.js';
/** The options of {@link glu} (its earlier name). */
export type { GluOptions as RowOptions } from './generated/api.js';

// Every activation function with its options types, generated from the catalogue.
export * from './generated/api.js';

/**
 * Loads and compiles asynchronously the fastest build this engine runs — relaxed-SIMD wasm
 * where it validates and computes known answers correctly (Node ≥ 22, Chromium, Firefox),
 * else SIMD wasm, scalar wasm, JavaScript — and switches to it, unless setBackend() forced
 * a backend; resolves to its name. Calls before it run the embedded SIMD build (compiled
 * synchronously on first use). `init(name)` loads that backend's build and forces it.
 *
 * @example
 * ```js
 * import { init } from 'wasm-activations';
 * const backend = await init(); // 'wasm-relaxed-simd' on Node ≥ 22 and current Chromium or Firefox
 * ```
 */
export const init: (name?: BackendName | 'auto') => Promise<BackendName> = loader.init;

/**
 * Name of the backend that calls on Float32Array data use now: 'wasm-relaxed-simd',
 * 'wasm-simd', 'wasm' or 'js' (Float64Array data always computes in JavaScript). Chooses one
 * on first use.
 */
export const getBackend: () => BackendName = loader.getBackend;

/**
 * Forces a backend for Float32Array data: 'wasm-relaxed-simd', 'wasm-simd', 'wasm' or 'js',
 * or 'auto' to choose again. Returns the backend now in use. Throws a TypeError for an
 * unknown name and an Error if the backend cannot run here or its build is not loaded yet
 * (in Node init() loads every build; elsewhere `await init(name)` does). The environment
 * variable WASM_ACTIVATIONS_BACKEND sets the first choice the same way.
 *
 * @example
 * ```js
 * import { setBackend, sigmoid } from 'wasm-activations';
 * setBackend('js'); // e.g. to compare against the wasm kernels
 * sigmoid(new Float32Array([0, 1]));
 * setBackend('auto');
 * ```
 */
export const setBackend: (name: BackendName | 'auto') => BackendName = loader.setBackend;

/**
 * Allocates `n` float32 elements in the package's wasm memory, so that calls on
 * `buffer.array` (or a subarray) run in place without copies. Zero-filled on first use of
 * the memory, not guaranteed after reuse. Where WebAssembly is unavailable the buffer is
 * an ordinary Float32Array with the same interface. Dispose of it when done (`using`
 * does that at the end of the block); a buffer that is never disposed is reclaimed when
 * it and its views are garbage-collected.
 *
 * @param n number of elements, an integer in [0, 2^29].
 * @param opts `dtype`: 'float32' (the default; `array` is a Float32Array) or 'float16'
 * (`array` is a Float16Array, where the engine has one: computed in place in chunks).
 * @example
 * ```js
 * import { allocate, sigmoid } from 'wasm-activations';
 * const buf = allocate(1 << 20); // TypeScript ≥ 5.2: `using buf = allocate(1 << 20);`
 * buf.array.fill(0.5);
 * sigmoid(buf.array, { out: buf.array }); // in wasm memory: no copy in or out
 * buf.dispose();
 * ```
 */
export const allocate: {
  (n: number, opts?: { dtype?: 'float32' }): WasmBufferType;
  (n: number, opts: { dtype: 'float16' }): WasmBufferType<Float16ArrayOrNever>;
} = memory.allocate as never;

/** A buffer from {@link allocate}: see the WasmBuffer type. The class itself, for `instanceof`. */
export const WasmBuffer: WasmBufferConstructor = memory.WasmBuffer;
export type WasmBuffer<A extends object = Float32Array> = WasmBufferType<A>;

/**
 * Every name {@link activate} accepts: the package's names and aliases, then the PyTorch,
 * ONNX and Keras spellings of its alias table (README, "Names for configs and model files").
 */
export const activationNames: readonly ActivationName[] = named.activationNames as readonly ActivationName[];

/**
 * Applies the activation called `name`, for configs and model files: the package's names
 * (`leakyRelu`), and the spellings of PyTorch (`LeakyReLU`, `leaky_relu`), ONNX
 * (`LeakyRelu`, `HardSigmoid`) and Keras (`swish`, `hard_sigmoid`), each with its
 * framework's defaults (ONNX `HardSigmoid`: alpha 0.2, beta 0.5). The table is in the README.
 *
 * A literal name is checked, and its options are that function's (required ones
 * required: `activate('softmax', x, { rowLength })`); a name of type `string` (read from
 * a file) takes any options, checked when called. Unknown names and options throw a
 * TypeError that lists the known ones.
 *
 * @param name an activation name (see {@link activationNames}).
 * @param x the input.
 * @param opts the function's options (option names are the package's), and `out`.
 * @example
 * ```js
 * import { activate } from 'wasm-activations';
 * const x = new Float32Array([-1, 0, 2]);
 * const y = activate('LeakyReLU', x, { negativeSlope: 0.2 }); // [-0.2, 0, 2]
 * const z = activate('HardSigmoid', x); // ONNX defaults: clamp(0.2·x + 0.5, 0, 1)
 * ```
 */
export function activate<N extends string, X extends FloatArray, O extends SameType<X> = never>(
  name: KnownName<N>, x: X, ...opts: NamedOptionsArg<N, O>): Result<X, O>;
export function activate(name: string, x: FloatArray, opts?: unknown): unknown {
  const fn = named.namedFunction('activate', name);
  return fn.call(x, withDefaults('activate', opts, fn.defaults));
}

/**
 * x + bias, rounded once (float32 for float32 data): the separate bias add that the
 * `bias` option of every element-wise function fuses into its pass, so
 * `gelu(x, { bias })` is bitwise `gelu(addBias(x, { bias }))` on the same backend, and
 * about twice as fast at sizes beyond the caches (one pass over memory instead of two).
 *
 * @param x the input.
 * @param opts `bias` (required: a number, or one value per channel), `layout` and
 *   `innerSize` (where the channels are, as for prelu's weight), `out` (may be x).
 * @example
 * ```js
 * import { addBias } from 'wasm-activations';
 * const y = addBias(new Float32Array([1, 2, 3, 4]), { bias: new Float32Array([10, 20]) }); // [11, 22, 13, 24]
 * ```
 */
export const addBias: <X extends FloatArray, O extends SameType<X> = never>(
  x: X, opts: BiasOptions & { bias: number | Float32Array | Float64Array } & OutOption<O>) => Result<X, O> = bias.addBias as never;

// The opt-in worker pool (docs/threads.md): its own modules and its threads wasm build,
// loaded on the first createPool() call, so importing the package never loads them.
export type {
  Pool, PoolActivation, PoolElementwise, PoolGlu, PoolOptions, PoolOutputDifferentiable, PoolPrelu, PoolRowwise, PoolRrelu,
} from './pool/types.js';

/**
 * Starts a worker pool over one shared WebAssembly memory: every activation as an async
 * method taking the same arguments, large calls split across the workers, calls run in
 * the order they are made. Needs SharedArrayBuffer (Node; browsers only when
 * cross-origin isolated): elsewhere the pool runs calls on the calling thread and says
 * why once. Close it when done (`await using` does that at the end of the block).
 *
 * @param options threads (default: the cores), minParallel (default 524288 elements), maximumMemory (default 1 GiB).
 * @example
 * ```js
 * import { createPool } from 'wasm-activations';
 * const pool = await createPool({ threads: 2 }); // TypeScript ≥ 5.2: `await using pool = …`
 * const y = await pool.gelu(new Float32Array(1 << 20));
 * await pool.close();
 * ```
 */
export async function createPool(options?: PoolOptions): Promise<Pool> {
  const pool = await import('./pool/index.js');
  return pool.createPool(options);
}
