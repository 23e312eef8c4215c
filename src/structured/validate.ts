// Argument validation for the non-element-wise activations. As for the element-wise
// ones, everything is checked before anything is written, and messages name the
// function, the argument and the value.

import { checkArray, partlyOverlaps } from '../activation.js';
import type { FloatArray } from '../backends/backend.js';
import type { Method, StructuredSpec } from '../catalogue/index.js';
import { describe, rangeError, typeError } from '../errors.js';

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

/** Options of a call: unknown names rejected, given values validated, defaults filled in. */
export function parseOptions(
  spec: StructuredSpec, method: Method, opts: unknown, takesOut = true,
): Record<string, unknown> {
  const fn = callName(spec, method);
  if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts) || ArrayBuffer.isView(opts))) {
    throw typeError(fn, `opts must be an object; got ${describe(opts)}`);
  }
  const given = (opts ?? {}) as Record<string, unknown>;
  const options = spec.options.filter((o) => !o.methods || o.methods.includes(method));
  const known = [...(takesOut ? ['out'] : []), ...options.map((o) => o.name)];
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw typeError(fn, `unknown option ${describe(key)}; ${fn} takes ${known.length ? known.join(', ') : 'no options'}`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const o of options) {
    const v = given[o.name];
    values[o.name] = v === undefined ? o.value : o.parse(fn, v);
  }
  if (takesOut && given.out !== undefined) values.out = checkArray(fn, 'out', given.out);
  return values;
}

/** The arrays of a call, all Float32Array or all Float64Array like the first. */
export function arrays(fn: string, named: readonly [string, unknown][]): FloatArray[] {
  const list = named.map(([name, v]) => checkArray(fn, name, v));
  const first = list[0]!;
  list.forEach((a, i) => {
    if (a.constructor !== first.constructor) {
      throw typeError(fn, `${named[i]![0]} must be a ${first.constructor.name} like ${named[0]![0]}; got ${describe(a)}`);
    }
  });
  return list;
}

/** Throws unless `a` has `length` elements. */
export function expectLength(fn: string, name: string, a: FloatArray, length: number, why: string): void {
  if (a.length !== length) throw rangeError(fn, `${name} has length ${a.length} but ${why}`);
}

/** Rows of a call: rowLength defaults to the whole array and must divide the length (and be even for glu). */
export function rowsOf(fn: string, n: number, rowLength: number | undefined, even = false): { rows: number; rowLength: number } {
  const len = rowLength ?? n;
  if (even && len % 2 !== 0) {
    throw rangeError(fn, rowLength === undefined
      ? `x has odd length ${n}; the halves need an even rowLength (default: the whole array)`
      : `rowLength must be even (halves a and b); got ${len}`);
  }
  if (len === 0) return { rows: 0, rowLength: 0 };
  if (n % len !== 0) throw rangeError(fn, `rowLength ${len} does not divide the length ${n} of x`);
  return { rows: n / len, rowLength: len };
}

/**
 * `out` validated against the result's type (like `like`) and length, or a new array.
 * It may be an input of the same length (in place) but must not partly overlap any input.
 */
export function output(fn: string, out: unknown, like: FloatArray, length: number, inputs: readonly FloatArray[]): FloatArray {
  if (out === undefined) return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
  const o = out as FloatArray;
  if (o.constructor !== like.constructor) {
    throw typeError(fn, `out must be a ${like.constructor.name} like the input; got ${describe(out)}`);
  }
  if (o.length !== length) throw rangeError(fn, `out has length ${o.length} but the result has length ${length}`);
  for (const input of inputs) {
    if (partlyOverlaps(o, input)) {
      throw rangeError(fn, 'out overlaps an input without being the same array; pass the input itself for in-place');
    }
  }
  return o;
}

/** True when the two arrays share any byte. */
export function sharesMemory(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.byteLength === 0 || b.byteLength === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
