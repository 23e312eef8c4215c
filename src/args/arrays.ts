// Array arguments, read once. Each typed array the caller passes is read through the
// engine's own getters (./intrinsics.ts) into a snapshot, and the package then works on a
// fresh view of its own over the same memory: nothing the caller can override (methods,
// getters, species, prototypes) is ever called, and every check and the kernels see the
// same buffer, offset and length.

import type { FloatArray } from '../backends/backend.js';
import { describe, rangeError, typeError } from '../errors.js';
import { memoryOf, type WasmMemory } from '../memory.js';
import { F16, F32, F64, bufferOf, byteOffsetOf, isUsable, lengthOf, typedArrayTag } from './intrinsics.js';

/** float16 data (Float16Array, where the engine has it) computes in float32 and rounds once to half. */
export type DType = 'float32' | 'float64' | 'float16';

/** One array argument, as read. */
export interface ArrayArg {
  /** The argument's name in messages ('x', 'dy', 'out', 'weight', …). */
  readonly name: string;
  /** What the caller passed (returned as the result where it is `out`). */
  readonly value: object;
  /** The package's own view of the same elements: read and written instead of `value`. */
  readonly view: FloatArray;
  readonly dtype: DType;
  readonly length: number;
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  /** The wasm memory the view lies in, if any (the package's, or a pool's). */
  readonly memory: WasmMemory | undefined;
}

const DTYPES: Readonly<Record<string, DType>> = F16
  ? { Float16Array: 'float16', Float32Array: 'float32', Float64Array: 'float64' }
  : { Float32Array: 'float32', Float64Array: 'float64' };
const BYTES: Readonly<Record<DType, number>> = { float16: 2, float32: 4, float64: 8 };

/** Whether a typed array's engine name (typedArrayTag) is one of the float types this runtime takes. */
export function isFloatTag(tag: string | undefined): boolean {
  return tag !== undefined && DTYPES[tag] !== undefined;
}

/** The array types this runtime accepts, for messages. */
export const ACCEPTED = F16 ? 'Float16Array, Float32Array or Float64Array' : 'Float32Array or Float64Array';

/** Whether data of this dtype computes in float32 (float32-rounded parameters): float32 and float16. */
export function isSingle(dtype: DType): boolean {
  return dtype !== 'float64';
}

/** A new zero-filled array of `length` elements of the dtype. */
export function newArray(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new F32(length) : dtype === 'float64' ? new F64(length) : new F16!(length);
}

/** The package's own view of `length` elements of the dtype at `byteOffset` in `buffer`. */
export function viewOf(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, length: number): FloatArray {
  if (dtype === 'float32') return new F32(buffer, byteOffset, length);
  return dtype === 'float64' ? new F64(buffer, byteOffset, length) : new F16!(buffer, byteOffset, length);
}

/** The dtype of one of the package's own views (or of an array already read). */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof F32 ? 'float32' : a instanceof F64 ? 'float64' : 'float16';
}

/**
 * Reads a Float32Array, Float64Array or (where the engine has it) Float16Array argument. TypeError for anything else, for a view
 * whose buffer is detached or that a resize left out of bounds, and for a view of wasm
 * memory that must not be used (from before a growth, of a disposed buffer).
 */
export function readArray(fn: string, name: string, v: unknown): ArrayArg {
  const tag = typedArrayTag(v);
  const dtype = tag === undefined ? undefined : DTYPES[tag];
  if (dtype === undefined) throw typeError(fn, `${name} must be a ${ACCEPTED}; got ${describe(v)}`);
  const buffer = bufferOf(v);
  const byteOffset = byteOffsetOf(v);
  const length = lengthOf(v);
  const byteLength = length * BYTES[dtype];
  const memory = memoryOf(buffer);
  memory?.checkView(fn, name, buffer, byteOffset, byteLength);
  if (length === 0 && !isUsable(v as object)) {
    throw typeError(fn, `${name} cannot be read: its buffer is detached, or a resize left the view out of bounds`);
  }
  const view = viewOf(dtype, buffer, byteOffset, length);
  return { name, value: v as object, view, dtype, length, buffer, byteOffset, byteLength, memory };
}

/** Same memory and overlapping bytes, but not the very same range (which is in place). */
function argsPartlyOverlap(a: ArrayArg, b: ArrayArg): boolean {
  if (a.byteLength === 0 || b.byteLength === 0) return false;
  if (a.buffer !== b.buffer && (a.memory === undefined || a.memory !== b.memory)) return false;
  if (a.byteOffset === b.byteOffset && a.byteLength === b.byteLength) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Throws the TypeError readArray would throw now for an array read earlier: the pool runs
 * calls after other code had a chance to detach, resize, dispose or grow.
 */
export function recheckArray(fn: string, a: ArrayArg): void {
  const view = a.view;
  const buffer = view.buffer;
  memoryOf(buffer)?.checkView(fn, a.name, buffer, view.byteOffset, view.byteLength);
  if (view.length !== a.length || (a.length === 0 && !isUsable(view))) {
    throw typeError(fn, `${a.name} cannot be read any more: its buffer was detached or resized after the call was made`);
  }
}

/** Whether two buffer objects hold the same bytes (the same buffer, or buffers of one wasm memory). */
function sameSpace(a: ArrayBufferLike, b: ArrayBufferLike): boolean {
  if (a === b) return true;
  const m = memoryOf(a);
  return m !== undefined && m === memoryOf(b);
}

/** Whether the byte ranges of two views (the package's own) intersect, wherever their buffers are. */
function rangesMeet(a: FloatArray, b: FloatArray): boolean {
  const aBytes = a.byteLength;
  const bBytes = b.byteLength;
  const aStart = a.byteOffset;
  const bStart = b.byteOffset;
  return aBytes > 0 && bBytes > 0 && aStart < bStart + bBytes && bStart < aStart + aBytes;
}

/** True when the two arrays (the package's own views) share any byte. */
export function sharesMemory(a: FloatArray, b: FloatArray): boolean {
  return rangesMeet(a, b) && sameSpace(a.buffer, b.buffer);
}

/** Same memory and overlapping byte ranges, but not the very same range (which is in place). */
export function partlyOverlaps(a: FloatArray, b: FloatArray): boolean {
  if (!rangesMeet(a, b) || (a.byteOffset === b.byteOffset && a.byteLength === b.byteLength)) return false;
  return sameSpace(a.buffer, b.buffer);
}

// ---- checks across the arrays of a call --------------------------------------------------

const TYPE_NAMES: Readonly<Record<DType, string>> = { float16: 'Float16Array', float32: 'Float32Array', float64: 'Float64Array' };

/** The constructor name of a dtype, for messages. */
export function typeName(dtype: DType): string {
  return TYPE_NAMES[dtype];
}

/** TypeError unless `a` has the dtype of `first` (arrays of one call share one dtype). */
export function expectSameType(fn: string, first: ArrayArg, a: ArrayArg, firstLabel = first.name): void {
  if (a.dtype !== first.dtype) {
    throw typeError(fn, `${a.name} must be a ${typeName(first.dtype)} like ${firstLabel}; got ${describe(a.value)}`);
  }
}

/** RangeError unless `a` has `length` elements; `why` says where that length comes from. */
export function expectLength(fn: string, a: ArrayArg, length: number, why: string): void {
  if (a.length !== length) throw rangeError(fn, `${a.name} has length ${a.length} but ${why}`);
}

/**
 * `out` against the call: the dtype of `like`, `length` elements (`what` names the
 * length), and no partial overlap with any input (the very same range is in place).
 */
export function checkOut(fn: string, out: ArrayArg, like: ArrayArg, length: number, what: string, inputs: readonly ArrayArg[]): void {
  expectSameType(fn, like, out, 'the input');
  if (out.length !== length) throw rangeError(fn, `out has length ${out.length} but ${what} has length ${length}`);
  for (const input of inputs) {
    if (argsPartlyOverlap(out, input)) {
      throw rangeError(fn, 'out overlaps an input without being the same array; pass the input itself for in-place');
    }
  }
}
