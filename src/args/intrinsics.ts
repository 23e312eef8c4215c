// The engine's own typed-array getters and methods, captured when the package loads.
// Arguments are read through these, never through the caller's objects: a Float32Array
// subclass, an own `length`, a `Symbol.species` or `constructor` override, a Proxy or a
// typed array with a swapped prototype cannot change what the package reads or where it
// writes. (A realm whose built-ins were replaced before the package loaded is out of scope.)

const TypedArrayPrototype = Object.getPrototypeOf(Float32Array.prototype) as object;
const call = Function.prototype.call;

/** `f.call(self, ...args)` that no later change to Function.prototype can affect. */
function uncurry<A extends unknown[], R>(f: (...args: A) => R): (self: unknown, ...args: A) => R {
  return call.bind(f) as unknown as (self: unknown, ...args: A) => R;
}

function getter<R>(key: PropertyKey): (self: unknown) => R {
  return uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, key)!.get as () => R);
}

/**
 * The engine's name of a typed array ('Float32Array', 'Uint8Array', …) from its internal
 * slot, undefined for anything else (a Proxy, an ordinary object, a primitive).
 */
export const typedArrayTag = getter<string | undefined>(Symbol.toStringTag);
export const bufferOf = getter<ArrayBufferLike>('buffer');
export const byteOffsetOf = getter<number>('byteOffset');
/** Elements; 0 for a view whose buffer is detached or that a resize left out of bounds. */
export const lengthOf = getter<number>('length');

const keys = uncurry((TypedArrayPrototype as { keys(): unknown }).keys);

/** Whether a typed array can be read: not detached and not out of bounds (only length-0 views can be either). */
export function isUsable(a: object): boolean {
  try {
    keys(a);
    return true;
  } catch {
    return false;
  }
}

const arrayBufferLength = uncurry(Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get as () => number);

/** An ArrayBuffer's byteLength (0 once detached). */
export function arrayBufferByteLength(b: ArrayBuffer): number {
  return arrayBufferLength(b);
}

export const F32: Float32ArrayConstructor = Float32Array;
export const F64: Float64ArrayConstructor = Float64Array;
/**
 * The engine's Float16Array (Node 24+, current browsers), undefined where it has none.
 * Typed as the Float32Array constructor: the package's TypeScript lib predates
 * Float16Array, and both hold numbers read and written the same way.
 */
export const F16: Float32ArrayConstructor | undefined = (globalThis as { Float16Array?: Float32ArrayConstructor }).Float16Array;
export const U16: Uint16ArrayConstructor = Uint16Array;
export const hasOwn = uncurry(Object.prototype.hasOwnProperty) as (self: object, key: PropertyKey) => boolean;
export const objectKeys = Object.keys;
export const isArray = Array.isArray;
export const isView = ArrayBuffer.isView;
