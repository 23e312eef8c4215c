/// <reference lib="esnext.disposable" preserve="true" />
// The public face of allocate()'s buffers. The reference above declares Symbol.dispose
// and Disposable for consumers whose lib lacks them (TypeScript ≥ 5.2 ships the lib), so
// `using buf = allocate(n)` type-checks everywhere; at run time the method is keyed by
// Symbol.dispose where the engine has it, Symbol.for('Symbol.dispose') otherwise.

/**
 * A region of float32 elements in the package's wasm memory (from {@link allocate}, or
 * `pool.allocate()` in a pool's shared memory). Pass `buffer.array`, or a subarray of it,
 * to any activation to run in place, without copying in or out.
 *
 * @example
 * ```ts
 * import { allocate, gelu } from 'wasm-activations';
 * const buf = allocate(1024);
 * buf.array.fill(0.5);
 * gelu(buf.array, { out: buf.array }); // zero-copy, in place
 * buf.dispose();
 * ```
 */
/** The element type of an allocate() buffer: 'float16' where the engine has Float16Array. */
export type BufferDType = 'float32' | 'float16';

/**
 * A buffer from allocate(): `A` is the type of its `array` (Float32Array, or Float16Array
 * for `allocate(n, { dtype: 'float16' })`).
 */
export interface WasmBuffer<A extends object = Float32Array> extends Disposable {
  /** Number of elements. */
  readonly length: number;
  /** The element type. */
  readonly dtype: BufferDType;
  /** Byte address in wasm memory. */
  readonly byteOffset: number;
  /** True after dispose(). */
  readonly disposed: boolean;
  /**
   * The data as a Float32Array view. Read it again after allocating other buffers:
   * allocation may grow or recycle wasm memory, which invalidates older views (using one
   * throws a TypeError). The view keeps this buffer alive; subarrays of it do not.
   */
  readonly array: A;
  /** Returns the memory for reuse. Idempotent; the buffer and every view of it are unusable afterwards. */
  dispose(): void;
  /** dispose(), for `using buf = allocate(n)`. */
  [Symbol.dispose](): void;
}

/** The WasmBuffer class, for `instanceof`: buffers come from allocate(), not `new` (abstract here). */
export type WasmBufferConstructor = abstract new (...args: never[]) => WasmBuffer;

/** The backends: relaxed-SIMD wasm, SIMD wasm, scalar wasm, and JavaScript (which float64 data always uses). */
export type BackendName = 'wasm-relaxed-simd' | 'wasm-simd' | 'wasm' | 'js';
