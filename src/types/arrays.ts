// The array types of the public API. Everything under src/types/ is what the published
// declarations reach (dist/index.d.ts and its imports): it must compile on every
// TypeScript version the README states (5.4 and later), with lib ES2022 and no DOM, so no
// WebAssembly types and no syntax or lib feature newer than TypeScript 5.4 here. Where
// typed arrays differ between versions (generic over their buffer from 5.7 on), the types
// are written so that both read them right.

/**
 * Float16Array where the consumer's TypeScript lib declares it (TypeScript 5.9+ with lib
 * esnext.float16 or later), `never` where it does not (TypeScript 5.4, lib ES2022): the
 * declarations compile either way, and accept Float16Array wherever it exists.
 */
export type Float16ArrayOrNever = typeof globalThis extends { Float16Array: { prototype: infer A } } ? A : never;

/**
 * The arrays every activation takes: float32 data runs in wasm, float64 data in
 * JavaScript, float16 data (Float16Array) computes in float32 and rounds once to half.
 */
export type FloatArray = Float32Array | Float64Array | Float16ArrayOrNever;

/** What `slice()` of a Float16Array returns (never without Float16Array). */
type NewHalf = Float16ArrayOrNever extends { slice(...args: never[]): infer R } ? R : never;

/**
 * The type of a result array the call creates: what `x.slice()` returns, so
 * `Float32Array<ArrayBuffer>` from TypeScript 5.7 on (a new array is never over a
 * SharedArrayBuffer or wasm memory) and plain `Float32Array` before.
 */
export type NewArray<X extends FloatArray> =
  X extends Float32Array ? ReturnType<Float32Array['slice']> : X extends Float64Array ? ReturnType<Float64Array['slice']> : NewHalf;

/**
 * An array of the same element type as `X` over any buffer (ArrayBuffer,
 * SharedArrayBuffer, wasm memory): what `out`, `dy` and the other inputs of a call may be.
 */
export type SameType<X extends FloatArray> = X extends Float32Array ? Float32Array : X extends Float64Array ? Float64Array : Float16ArrayOrNever;

/** What a call returns: `out` where one was passed, otherwise a new array of x's element type. */
export type Result<X extends FloatArray, O> = [O] extends [never] ? NewArray<X> : O;

/** Options common to every activation. */
export interface OutOption<O extends FloatArray = FloatArray> {
  /**
   * Where to write the result instead of a new array: same element type and length as
   * the result, over any buffer (a SharedArrayBuffer, an `allocate()` buffer); may be
   * the input itself (in place). The call returns it.
   */
  out?: O;
}

/**
 * The options argument of a call taking options `P` and `out` of type `O`: optional when
 * every option of `P` is, required otherwise (threshold, the softmax family's rowLength).
 */
export type OptionsArg<P, O extends FloatArray> = {} extends P ? [opts?: P & OutOption<O>] : [opts: P & OutOption<O>];

/**
 * The bias epilogue that every element-wise function takes: the activation of x + bias,
 * in one pass over memory (a dense or convolution layer's bias add fused with its
 * activation). x + bias is rounded once, as a separate add ({@link addBias}) would store
 * it, so `f(x, { bias })` is bitwise `f(addBias(x, { bias }))` on the same backend.
 */
export interface BiasOptions {
  /**
   * One number for every element, or one value per channel (length C): x's channel is
   * given by `layout`. Float32-rounded for float32 data; NaN is rejected.
   */
  bias?: number | Float32Array | Float64Array;
  /**
   * Where the channel axis is (default 'channelsFirst'): 'channelsFirst' = (N, C, *)
   * flattened with `innerSize` elements per channel per sample (PyTorch's dim 1);
   * 'channelsLast' = (…, C). A dense layer's (N, C) output is either with innerSize 1.
   */
  layout?: 'channelsFirst' | 'channelsLast';
  /** channelsFirst only: the product of the dims after C (default 1). */
  innerSize?: number;
}

/** The bias gradient of backward and backwardFromOutput. */
export interface BiasGradOption<G extends FloatArray = FloatArray> {
  /**
   * Receives the gradient of the bias: the per-channel sums of dx (float64 sums, rounded
   * once), overwriting its contents. Same element type as x; length 1 for a number bias,
   * C for a per-channel one (without `bias`, its length sets C); shares no memory with
   * the call's other arrays.
   */
  biasGrad?: G;
}
