// Builds the public functions from catalogue rows: argument validation (everything is
// checked before anything is written), output allocation and backend dispatch.

import type { Backend, ElementOp, FloatArray, PairOp } from './backends/backend.js';
import { backendFor } from './backends/loader.js';
import { ELEMENTWISE, kernelArgs, type ElementwiseSpec, type ParamValues, type Scalar } from './catalogue/index.js';
import { describe, rangeError, typeError } from './errors.js';
import { existingMemory } from './memory.js';
import { ELEMENTWISE_KERNELS, type ElementwiseKernels, type ElementwisePrefix } from './generated/kernels.js';

/** Options common to every activation. */
export interface OutOption<A extends FloatArray = FloatArray> {
  /** Where to write the result (same type and length as the input); may be the input itself. */
  out?: A;
}

/**
 * An element-wise activation. Float32Array in gives Float32Array out (wasm backends);
 * Float64Array in gives Float64Array out, computed in float64 by the JS backend.
 */
export interface ElementwiseActivation<P extends object> {
  /** f(x) element-wise, into a new array or `opts.out`. */
  <A extends FloatArray>(x: A, opts?: P & OutOption<A>): A;
  /** dx = dy · f'(x), fused in one pass. */
  backward<A extends FloatArray>(dy: A, x: A, opts?: P & OutOption<A>): A;
  /** f'(x) element-wise. */
  derivative<A extends FloatArray>(x: A, opts?: P & OutOption<A>): A;
}

/** An activation whose derivative is a function of its output y = f(x). */
export interface OutputDifferentiable<P extends object> extends ElementwiseActivation<P> {
  /** dx = dy · f'(x) computed from the output y = f(x) instead of x. */
  backwardFromOutput<A extends FloatArray>(dy: A, y: A, opts?: P & OutOption<A>): A;
}

export function checkArray(fn: string, arg: string, v: unknown): FloatArray {
  checkArrayBuffer(fn, arg, v);
  return v as FloatArray;
}

/**
 * checkArray that also returns `v`'s buffer, read once (`.buffer` is a call into the
 * engine, ~35 ns, a noticeable part of a short call), for the residency test.
 */
function checkArrayBuffer(fn: string, arg: string, v: unknown): ArrayBufferLike {
  if (!(v instanceof Float32Array) && !(v instanceof Float64Array)) {
    throw typeError(fn, `${arg} must be a Float32Array or Float64Array; got ${describe(v)}`);
  }
  const buffer = v.buffer;
  existingMemory()?.checkView(fn, arg, v, buffer);
  return buffer;
}

/** Whether a view of `buffer` lives in wasm memory. */
function isWasmBuffer(buffer: ArrayBufferLike): boolean {
  return buffer === existingMemory()?.buffer;
}

/** Same buffer and overlapping byte ranges, but not the very same range. */
export function partlyOverlaps(a: FloatArray, b: FloatArray, aBuffer = a.buffer, bBuffer = b.buffer): boolean {
  if (aBuffer !== bBuffer || a.byteLength === 0 || b.byteLength === 0) return false;
  if (a.byteOffset === b.byteOffset && a.length === b.length) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

const EMPTY: Record<string, unknown> = Object.freeze({});
const knownOptions = new WeakMap<ElementwiseSpec, ReadonlySet<string>>();

function checkOptions(fn: string, spec: ElementwiseSpec, opts: unknown): Record<string, unknown> {
  if (opts === undefined) return EMPTY;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || ArrayBuffer.isView(opts)) {
    throw typeError(fn, `opts must be an object; got ${describe(opts)}`);
  }
  let known = knownOptions.get(spec);
  if (!known) knownOptions.set(spec, (known = new Set(['out', ...spec.params.map((p) => p.name)])));
  for (const key in opts) {
    if (!known.has(key) && Object.prototype.hasOwnProperty.call(opts, key)) {
      throw typeError(fn, `unknown option ${describe(key)}; ${spec.name} takes ${[...known].join(', ')}`);
    }
  }
  return opts as Record<string, unknown>;
}

/** Parameter values in catalogue order, defaults filled in, validated. */
const NO_PARAMS: ParamValues = Object.freeze([]);
const ZERO_ARGS: readonly [number, number] = [0, 0];

function paramValues(fn: string, spec: ElementwiseSpec, opts: Record<string, unknown>): ParamValues {
  if (spec.params.length === 0) return NO_PARAMS;
  const values = spec.params.map((p) => {
    const v = opts[p.name];
    if (v === undefined) {
      if ('required' in p && p.required) throw typeError(fn, `option ${p.name} is required`);
      return p.default;
    }
    if ('choices' in p) {
      if (typeof v !== 'string' || !p.choices.includes(v)) {
        throw typeError(fn, `${p.name} must be one of ${p.choices.map((c) => describe(c)).join(', ')}; got ${describe(v)}`);
      }
      return v;
    }
    if (typeof v !== 'number') throw typeError(fn, `${p.name} must be a number; got ${describe(v)}`);
    if (Number.isNaN(v)) throw rangeError(fn, `${p.name} must not be NaN`);
    const why = p.check?.(v);
    if (why) throw rangeError(fn, `${p.name} ${why}; got ${describe(v)}`);
    return v;
  });
  const why = spec.checkParams?.(values);
  if (why) throw rangeError(fn, why);
  return values;
}

/** Validates `out` against the inputs (`second` may be undefined); returns out's buffer. */
function checkOutput(
  fn: string, out: unknown, first: FloatArray, firstBuffer: ArrayBufferLike,
  second: FloatArray | undefined, secondBuffer: ArrayBufferLike | undefined,
): ArrayBufferLike {
  const buffer = checkArrayBuffer(fn, 'out', out);
  const o = out as FloatArray;
  if (o.constructor !== first.constructor) {
    throw typeError(fn, `out must be a ${first.constructor.name} like the input; got ${describe(out)}`);
  }
  if (o.length !== first.length) {
    throw rangeError(fn, `out has length ${o.length} but the input has length ${first.length}`);
  }
  if (partlyOverlaps(o, first, buffer, firstBuffer) || (second !== undefined && partlyOverlaps(o, second, buffer, secondBuffer))) {
    throw rangeError(fn, 'out overlaps an input without being the same array; pass the input itself for in-place');
  }
  return buffer;
}

interface Resolved {
  backend: Backend;
  op: ElementOp;
  out: FloatArray;
  first: FloatArray;
  second: FloatArray;
}

/** Wasm export names of a row by mode (generated from the kernel table: a wrong prefix does not compile). */
type Names = ElementwiseKernels;
type Mode = keyof ElementwiseKernels;
function exportNames(prefix: ElementwisePrefix): Names {
  return ELEMENTWISE_KERNELS[prefix];
}

/**
 * What a row's last parameter values resolved to. Calls repeat their options far more
 * often than they change them, so a call whose raw option values are those of the last
 * call (Object.is, one property read each) skips validation, defaults and kernel choice:
 * on short arrays that is a third of a call's cost.
 */
interface ParamCache {
  raw: unknown[] | undefined;
  values: ParamValues;
  args: readonly [number, number];
  names: Names;
}

function paramCache(spec: ElementwiseSpec): ParamCache {
  if (spec.params.length > 0) {
    // Filled by the first call (raw undefined never matches).
    const defaults = spec.params.map((p) => p.default);
    return { raw: undefined, values: NO_PARAMS, args: ZERO_ARGS, names: exportNames(spec.kernel ? spec.kernel(defaults) : spec.name) };
  }
  const args = kernelArgs(spec, NO_PARAMS);
  return { raw: undefined, values: NO_PARAMS, args, names: exportNames(spec.kernel ? spec.kernel(NO_PARAMS) : spec.name) };
}

/** paramValues, through the row's cache (which it updates on a miss, after validation). */
function cachedParams(fn: string, spec: ElementwiseSpec, cache: ParamCache, o: Record<string, unknown>): ParamValues {
  const params = spec.params;
  if (params.length === 0) return NO_PARAMS;
  const raw = cache.raw;
  if (raw !== undefined) {
    let same = true;
    for (let i = 0; i < params.length; i++) {
      if (!Object.is(o[params[i]!.name], raw[i])) {
        same = false;
        break;
      }
    }
    if (same) return cache.values;
  }
  const values = paramValues(fn, spec, o);
  cache.args = kernelArgs(spec, values);
  cache.names = spec.kernel ? exportNames(spec.kernel(values)) : cache.names;
  cache.values = values;
  cache.raw = params.map((p) => o[p.name]);
  return values;
}

/**
 * Everything a call needs, validated; throws before any write. One input (`n1`, `a1`) or
 * two (then `n2`, `a2`: dy first, then x or y). Written without per-call arrays: for
 * short arrays this is most of the cost of a call.
 */
function resolve(
  fn: string, spec: ElementwiseSpec, cache: ParamCache, mode: Mode, scalar: Scalar, opts: unknown,
  n1: string, a1: unknown, n2?: string, a2?: unknown, fromOutput = false,
): Resolved {
  const o = checkOptions(fn, spec, opts);
  const firstBuffer = checkArrayBuffer(fn, n1, a1);
  let resident = isWasmBuffer(firstBuffer);
  const first = a1 as FloatArray;
  let second = first;
  let secondBuffer: ArrayBufferLike | undefined;
  if (n2 !== undefined) {
    secondBuffer = checkArrayBuffer(fn, n2, a2);
    resident ||= isWasmBuffer(secondBuffer);
    second = a2 as FloatArray;
    if (second.constructor !== first.constructor) {
      throw typeError(fn, `${n2} must be a ${first.constructor.name} like ${n1}; got ${describe(second)}`);
    }
    if (second.length !== first.length) {
      throw rangeError(fn, `${n2} has length ${second.length} but ${n1} has length ${first.length}`);
    }
  }
  const p = cachedParams(fn, spec, cache, o);
  if (fromOutput) {
    const why = spec.fromOutputCheck?.(p);
    if (why) throw rangeError(fn, why);
  }
  let out = o.out as FloatArray | undefined;
  if (out === undefined) out = first instanceof Float32Array ? new Float32Array(first.length) : new Float64Array(first.length);
  else resident = isWasmBuffer(checkOutput(fn, out, first, firstBuffer, n2 === undefined ? undefined : second, secondBuffer)) || resident;
  const [a, b] = cache.args;
  const single = first instanceof Float32Array;
  const backend = backendFor(first);
  // Float32 data uses float32 parameters on every backend, as PyTorch does.
  const op: ElementOp = {
    // Only rows with a from-output form reach mode backward_from_output, and they have its kernel.
    kernel: cache.names[mode]!,
    js: scalar,
    a: single ? Math.fround(a) : a,
    b: single ? Math.fround(b) : b,
    plain: !resident,
  };
  return { backend, op, out, first, second };
}

/** The chain rule dx = dy·f'(x) as a two-input op (the wasm kernel fuses the product). */
export function chained(op: ElementOp): PairOp {
  const f = op.js;
  let js = chainedJs.get(f);
  if (!js) chainedJs.set(f, (js = (g: number, v: number, a: number, b: number) => g * f(v, a, b)));
  return { kernel: op.kernel, js, a: op.a, b: op.b, plain: op.plain };
}
const chainedJs = new WeakMap<Scalar, PairOp['js']>();

/** The public function object for an element-wise catalogue row. */
export function elementwise<P extends object>(spec: ElementwiseSpec): OutputDifferentiable<P> {
  const name = spec.name;
  const cache = paramCache(spec);
  const forward = function (x: FloatArray, opts?: unknown): FloatArray {
    const r = resolve(name, spec, cache, 'forward', spec.forward, opts, 'x', x);
    r.backend.map(r.op, r.first, r.out);
    return r.out;
  };
  Object.defineProperty(forward, 'name', { value: name });
  const fromOutput = spec.fromOutput;
  const backwardName = `${name}.backward`;
  const fromOutputName = `${name}.backwardFromOutput`;
  const derivativeName = `${name}.derivative`;
  const methods = {
    backward(dy: FloatArray, x: FloatArray, opts?: unknown): FloatArray {
      const r = resolve(backwardName, spec, cache, 'backward', spec.derivative, opts, 'dy', dy, 'x', x);
      r.backend.map2(chained(r.op), r.first, r.second, r.out);
      return r.out;
    },
    backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): FloatArray {
      const fn = fromOutputName;
      if (!fromOutput) throw typeError(fn, `${name}'s derivative is not a function of its output; use ${name}.backward(dy, x)`);
      const r = resolve(fn, spec, cache, 'backward_from_output', fromOutput, opts, 'dy', dy, 'y', y, true);
      r.backend.map2(chained(r.op), r.first, r.second, r.out);
      return r.out;
    },
    derivative(x: FloatArray, opts?: unknown): FloatArray {
      const r = resolve(derivativeName, spec, cache, 'derivative', spec.derivative, opts, 'x', x);
      r.backend.map(r.op, r.first, r.out);
      return r.out;
    },
  };
  return Object.assign(forward, methods) as unknown as OutputDifferentiable<P>;
}

/** The public function of every element-wise catalogue row, by row name, built once (the API and the pool share them). */
export const ELEMENTWISE_FUNCTIONS: ReadonlyMap<string, OutputDifferentiable<object>> = new Map(
  ELEMENTWISE.map((spec) => [spec.name, elementwise<object>(spec)]),
);
