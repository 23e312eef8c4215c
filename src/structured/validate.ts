// Reading a call of a non-element-wise activation through the argument layer (src/args/):
// options read once, arrays read once, values validated against the data's dtype.
// Everything is checked before anything is written, and messages name the function,
// the argument and the value.

import { checkOut, expectLength, expectSameType, isSingle, newArray, readArray, type ArrayArg } from '../args/arrays.js';
import { readOptions } from '../args/options.js';
import type { FloatArray } from '../backends/backend.js';
import type { Method, OptionSpec, StructuredSpec } from '../catalogue/index.js';
import { rangeError, typeError } from '../errors.js';

export { expectLength, sharesMemory } from '../args/arrays.js';

/** The public name of a method call: `softmax`, `softmax.backward`, … */
export function callName(spec: StructuredSpec, method: Method): string {
  return method === 'forward' ? spec.name : `${spec.name}.${method}`;
}

/** A TypeError for the methods a row does not have, saying what to use instead. */
export function missingMethod(spec: StructuredSpec, method: Method): TypeError {
  const fn = callName(spec, method);
  if (method === 'derivative') {
    return typeError(fn, `${spec.name} is not element-wise, so it has no derivative array; use ${spec.name}.backward(dy, x) for the gradient`);
  }
  return typeError(fn, `${spec.name}'s gradient is not a function of its output alone; use ${spec.name}.backward(dy, x)`);
}

/** A call as read: its arrays (in argument order), its options with defaults, `out` if given. */
export interface StructuredCall {
  readonly fn: string;
  readonly arrays: readonly ArrayArg[];
  /** Option values: parsed where given, the row's default otherwise (arrays as ArrayArg). */
  readonly o: Readonly<Record<string, unknown>>;
  readonly out: ArrayArg | undefined;
  readonly single: boolean;
}

interface MethodOptions {
  readonly options: readonly OptionSpec[];
  readonly known: ReadonlySet<string>;
}
const methodOptions = new WeakMap<StructuredSpec, Map<string, MethodOptions>>();

function optionsOf(spec: StructuredSpec, method: Method, takesOut: boolean): MethodOptions {
  let byMethod = methodOptions.get(spec);
  if (!byMethod) methodOptions.set(spec, (byMethod = new Map()));
  let m = byMethod.get(method);
  if (!m) {
    const options = spec.options.filter((o) => !o.methods || o.methods.includes(method));
    m = { options, known: new Set([...(takesOut ? ['out'] : []), ...options.map((o) => o.name)]) };
    byMethod.set(method, m);
  }
  return m;
}

/**
 * Reads a call: the options object once (the only caller code that runs), then the
 * arrays (all Float32Array or all Float64Array like the first), then each option's value.
 */
export function readCall(
  spec: StructuredSpec, method: Method, named: readonly (readonly [string, unknown])[], opts: unknown, takesOut = true,
): StructuredCall {
  const fn = callName(spec, method);
  const { options, known } = optionsOf(spec, method, takesOut);
  const given = readOptions(fn, opts, known);
  const arrays = named.map(([name, v]) => readArray(fn, name, v));
  for (const a of arrays) expectSameType(fn, arrays[0]!, a);
  const single = isSingle(arrays[0]!.dtype);
  const o: Record<string, unknown> = {};
  for (const opt of options) {
    const v = given[opt.name];
    o[opt.name] = v === undefined ? opt.value : opt.parse(fn, v, { single });
  }
  const out = takesOut && given.out !== undefined ? readArray(fn, 'out', given.out) : undefined;
  return { fn, arrays, o, out, single };
}

/** A call's data seen as [slabs, size, inner], reduced (or split, for glu) over `size`. */
export interface Geometry {
  readonly slabs: number;
  readonly size: number;
  readonly inner: number;
}

/**
 * The dimension a call works on: { rowLength } (the last one: rows of that length), or
 * { shape, dim } (a row-major shape whose product is the length, and one of its dimensions,
 * negative counting from the end). `required`: one of the two must be given (the softmax
 * family: without it a batch would silently be normalised as one long row); otherwise the
 * whole array is one row.
 */
export function geometryOf(fn: string, n: number, o: Readonly<Record<string, unknown>>, required: boolean): Geometry {
  const rowLength = o.rowLength as number | undefined;
  const shape = o.shape as readonly number[] | undefined;
  const dim = o.dim as number | undefined;
  if (shape === undefined && dim === undefined) {
    if (rowLength === undefined && required) {
      throw typeError(fn, `rowLength is required: the number of elements per row (the softmax runs over each row). `
        + `Pass { rowLength: <row size> } for a batch of rows, { rowLength: ${n} } for one row of all ${n} elements, `
        + 'or { shape, dim } for another dimension of a tensor');
    }
    const len = rowLength ?? n;
    if (len === 0) return { slabs: 0, size: 0, inner: 1 };
    if (n % len !== 0) throw rangeError(fn, `rowLength ${len} does not divide the length ${n} of x`);
    return { slabs: n / len, size: len, inner: 1 };
  }
  if (rowLength !== undefined) throw typeError(fn, 'pass rowLength or { shape, dim }, not both');
  if (shape === undefined) throw typeError(fn, 'dim needs shape: pass { shape, dim } (shape: the tensor\'s dimensions, row-major)');
  if (dim === undefined) throw typeError(fn, `shape needs dim: the dimension to work on, 0 to ${shape.length - 1} (or negative from the end)`);
  const rank = shape.length;
  if (dim < -rank || dim >= rank) throw rangeError(fn, `dim must be in [${-rank}, ${rank - 1}] for a shape of ${rank} dimensions; got ${dim}`);
  const d = dim < 0 ? dim + rank : dim;
  const product = (a: readonly number[]): number => a.reduce((p, v) => p * v, 1);
  const total = product(shape);
  if (total !== n) throw rangeError(fn, `shape [${shape.join(', ')}] holds ${total} elements but x has length ${n}`);
  return { slabs: product(shape.slice(0, d)), size: shape[d]!, inner: product(shape.slice(d + 1)) };
}

/**
 * glu's rows: halving dimension d of a shape splits each slab of size × inner elements into
 * two contiguous halves, so glu over any dimension is glu over rows of size·inner elements.
 * rowLength defaults to the whole array; the halved dimension must be even.
 */
export function gluRows(fn: string, n: number, o: Readonly<Record<string, unknown>>): { rows: number; rowLength: number } {
  const g = geometryOf(fn, n, o, false);
  if (g.size % 2 !== 0) {
    const given = o.rowLength as number | undefined;
    throw rangeError(fn, o.shape !== undefined
      ? `dimension ${o.dim as number} of shape has odd size ${g.size}; glu halves it`
      : given === undefined
        ? `x has odd length ${n}; the halves need an even rowLength (default: the whole array)`
        : `rowLength must be even (halves a and b); got ${given}`);
  }
  return { rows: g.slabs, rowLength: g.size * g.inner };
}

/**
 * Checks `out` (if given) against the result's dtype (that of `like`) and length; it may be
 * an input of the same length (in place) but must not partly overlap any input.
 */
export function checkOutput(c: StructuredCall, like: ArrayArg, length: number, inputs: readonly ArrayArg[]): void {
  if (c.out) checkOut(c.fn, c.out, like, length, 'the result', inputs);
}

/** Where the result goes: out's view, or a new array of `like`'s dtype. */
export function outputView(c: StructuredCall, like: ArrayArg, length: number): FloatArray {
  return c.out?.view ?? newArray(like.dtype, length);
}

/** The value returned to the caller: their own `out`, or the new array. */
export function result(c: StructuredCall, view: FloatArray): FloatArray {
  return (c.out?.value as FloatArray | undefined) ?? view;
}

/** Every array of a call: positional arrays, array options, out. */
export function allArrays(c: StructuredCall): ArrayArg[] {
  const list = [...c.arrays];
  for (const v of Object.values(c.o)) if (isArrayArg(v)) list.push(v);
  if (c.out) list.push(c.out);
  return list;
}

function isArrayArg(v: unknown): v is ArrayArg {
  return typeof v === 'object' && v !== null && 'view' in v && 'dtype' in v;
}

/** The longest array of a call. */
export function largest(arrays: readonly ArrayArg[]): number {
  let n = 0;
  for (const a of arrays) n = Math.max(n, a.length);
  return n;
}
