// The backend interface: implementations (wasm-relaxed-simd, wasm-simd, wasm, js) execute the same
// fully resolved operations. The public API resolves names, options and kernels into
// an op before it reaches a backend, so backends know nothing about the catalogue.
//
// An op names the wasm export that computes it, carries the float64 JavaScript version
// of the same computation (used by the js backend: per element, or as a whole loop) and
// two parameters a, b:
//   map    out[i] = f(x[i])                  kernel(x, out, n, a, b)
//   map2   out[i] = f(u[i], v[i])            kernel(u, v, out, n, a, b)
//   map3   out[i] = f(u[i], v[i], w[i])      kernel(u, v, w, out, n, a, b)
//   rows   out row r = f(input rows r)       kernel(in0, [in1,] out, rows, len0, a, b), len0 = row length of in0
//   reduce Σ or max of f(u[i][, v[i]])       kernel(u, [v,] n, a, b) → number
//   strided [slabs, size, inner] reduced over size per (slab, inner position)
//                                            kernel(in0, [in1,] out, slabs, size, lanes, stride, a, b)
// The element-wise chain rule dx = dy·f'(x) is a map2 whose kernel fuses the product.

import type { ElementKernel, KernelName, ReduceKernel, RowsKernel, StridedKernel, TripleKernel } from '../generated/kernels.js';
import type { BackendName } from '../types/runtime.js';
import type { ChannelSums, ChannelValues } from '../channels.js';
import type { FloatArray } from '../types/arrays.js';

export type { BackendName, ChannelSums, FloatArray };

/** What every op has: the wasm export that computes it and parameters a, b. */
export interface OpBase<K extends KernelName = KernelName> {
  /** Name of the wasm export that computes it (the generated unions: a wrong name does not compile). */
  readonly kernel: K;
  readonly a: number;
  readonly b: number;
  /**
   * Set by callers that have checked that no operand (inputs and out) lives in wasm
   * memory, so the wasm backend can skip its own residency checks on short calls.
   */
  readonly plain?: boolean;
}

/**
 * An op: a wasm export, parameters a, b, and for the js backend either `js`, the float64
 * computation of one element, or `loop`, the whole float64 loop over the arrays. A loop is
 * its own function literal per op (src/generated/js-loops.ts), so the call of the scalar
 * function inside it sees one callee and V8 inlines it; the js backend's shared loop over
 * `js` calls through a megamorphic site per element instead (3 to 10 times slower).
 */
export type Op<F, L, K extends KernelName = KernelName> = OpBase<K> & (
  | { readonly js: F; readonly loop?: undefined }
  | { readonly loop: L; readonly js?: undefined }
);

/** out[i] = f(x[i]) over whole arrays, float64 math rounded once on store. */
export type Loop1 = (x: FloatArray, out: FloatArray, a: number, b: number) => void;
/** out[i] = f(u[i], v[i]) over whole arrays. */
export type Loop2 = (u: FloatArray, v: FloatArray, out: FloatArray, a: number, b: number) => void;
/** out[i] = f(u[i], v[i], w[i]) over whole arrays. */
export type Loop3 = (u: FloatArray, v: FloatArray, w: FloatArray, out: FloatArray, a: number, b: number) => void;

/** One element-wise function with its parameters bound. */
export type ElementOp = Op<(v: number, a: number, b: number) => number, Loop1, ElementKernel>;
/** out[i] = js(u[i], v[i], a, b). */
export type PairOp = Op<(u: number, v: number, a: number, b: number) => number, Loop2, ElementKernel>;
/** out[i] = js(u[i], v[i], w[i], a, b). */
export type TripleOp = Op<(u: number, v: number, w: number, a: number, b: number) => number, Loop3, TripleKernel>;

/** A float64 row computation over whole arrays: `rows` rows of each input give `rows` rows of out. */
export type RowsFn = (inputs: readonly FloatArray[], out: FloatArray, rows: number, a: number, b: number) => void;
export interface RowOp extends OpBase<RowsKernel> {
  readonly js: RowsFn;
}

/** A float64 computation over a middle dimension: every operand is [slabs, size, inner], row-major. */
export type StridedFn = (inputs: readonly FloatArray[], out: FloatArray, slabs: number, size: number, inner: number) => void;
export interface StridedOp extends OpBase<StridedKernel> {
  readonly js: StridedFn;
}

/** The shape of a strided op: `slabs` blocks of `size` × `inner`, reduced over `size`. */
export interface Strides {
  readonly slabs: number;
  readonly size: number;
  readonly inner: number;
  /** Inner positions to compute, from the first (default: all; a pool worker takes a range). */
  readonly lanes?: number;
}

/** A reduction of the terms js(u[i], v[i], a, b) (v = u for one input) by sum or max (NaN wins). */
export interface ReduceOp extends OpBase<ReduceKernel> {
  readonly js: (u: number, v: number, a: number, b: number) => number;
  readonly combine: 'sum' | 'max';
}

/**
 * An input computed on demand instead of stored: per-channel slopes expanded per element,
 * sampled RReLU slopes. `fill(dst, start)` writes elements [start, start + dst.length).
 * Filling must not depend on how the range is split (random access).
 */
export interface Generated {
  readonly length: number;
  fill(dst: FloatArray, start: number): void;
  /**
   * How to build the same operand elsewhere (a pool worker): the name of an exported
   * constructor and its structured-cloneable arguments. Without one, the pool runs the
   * call on the calling thread.
   */
  readonly recipe?: GeneratedRecipe;
}

export interface GeneratedRecipe {
  readonly name: 'sampledSlopes' | 'channelValues';
  readonly args: readonly unknown[];
}

export type Operand = FloatArray | Generated;

/**
 * x + bias, the input of the bias epilogue: generated chunk by chunk (never stored whole),
 * rounded to float32 once for float32 data, as a separate add pass would store it. `fill`
 * is the JavaScript version; the wasm backends run their add kernel on each chunk instead.
 */
export interface Shifted extends Generated {
  readonly x: FloatArray;
  /** One bias for every element, or one per channel (expanded per element on demand). */
  readonly bias: number | ChannelValues;
  readonly single: boolean;
}

export function isShifted(o: Operand): o is Shifted {
  return isGenerated(o) && 'bias' in o;
}

/**
 * x + bias as an operand (see Shifted): for float32 and float16 data (`single`) the sum
 * rounded to float32, as the wasm add gives it (float16 data is computed in float32 and
 * rounded to half once, at the end), exact float64 otherwise.
 */
export function shifted(x: FloatArray, bias: number | ChannelValues, single: boolean): Shifted {
  return {
    length: x.length,
    x,
    bias,
    single,
    fill(dst, start) {
      const n = dst.length;
      if (typeof bias === 'number') {
        if (single) for (let i = 0; i < n; i++) dst[i] = Math.fround(x[start + i]! + bias);
        else for (let i = 0; i < n; i++) dst[i] = x[start + i]! + bias;
        return;
      }
      bias.fill(dst, start);
      if (single) for (let i = 0; i < n; i++) dst[i] = Math.fround(x[start + i]! + dst[i]!);
      else for (let i = 0; i < n; i++) dst[i] = x[start + i]! + dst[i]!;
    },
  };
}

export function isGenerated(o: Operand): o is Generated {
  return !ArrayBuffer.isView(o);
}

export interface Backend {
  readonly name: BackendName;
  /**
   * Longest row (elements of the widest operand) that `rows` takes; callers compose longer
   * rows from `reduce` and `map`/`map2` passes over each row.
   */
  readonly maxRowLength: number;
  /** out[i] = op(x[i]). Arrays are validated: equal lengths, out === x or disjoint. */
  map(op: ElementOp, x: Operand, out: FloatArray): void;
  /**
   * out[i] = op(u[i], v[i]); out may be u or v. With `sums`, every out element is also
   * added to its channel's float64 sum (the bias gradient, from the chunk while it is hot).
   */
  map2(op: PairOp, u: Operand, v: Operand, out: FloatArray, sums?: ChannelSums): void;
  /** out[i] = op(u[i], v[i], w[i]); out may be any input. */
  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: FloatArray): void;
  /**
   * Row-wise: every operand holds `rows` rows (its length / rows elements each). out may be
   * the first input of at least its row length.
   */
  rows(op: RowOp, inputs: readonly FloatArray[], out: FloatArray, rows: number): void;
  /**
   * Over a middle dimension: every operand is [slabs, size, inner]; out may be an input.
   * `size` is at most maxRowLength (callers compose longer dimensions).
   */
  strided(op: StridedOp, inputs: readonly FloatArray[], out: FloatArray, strides: Strides): void;
  /** The sum (float64) or NaN-propagating max of the op's terms over equal-length inputs. */
  reduce(op: ReduceOp, inputs: readonly FloatArray[]): number;
}

/**
 * Copies block (k, l) of a row-major [slabs, size, inner] array `a` into (`into`) or out of
 * `heap` at float index `at`: slabs [k, k + slabsHere) whole, or (not `whole`) lanes
 * [l, l + lanes) of slab k, gathered row by row into `size` rows of `lanes` (compact).
 * Shared by the strided ops' streamed path and the pool's staging windows.
 */
export function moveBlock(
  heap: Float32Array, a: Float32Array, at: number, into: boolean, whole: boolean,
  k: number, l: number, lanes: number, slabsHere: number, size: number, inner: number,
): void {
  const slab = size * inner;
  if (whole) {
    const from = k * slab;
    if (into) heap.set(a.subarray(from, from + slabsHere * slab), at);
    else a.set(heap.subarray(at, at + slabsHere * slab), from);
    return;
  }
  for (let j = 0; j < size; j++) {
    const from = k * slab + j * inner + l;
    if (into) heap.set(a.subarray(from, from + lanes), at + j * lanes);
    else a.set(heap.subarray(at + j * lanes, at + (j + 1) * lanes), from);
  }
}
