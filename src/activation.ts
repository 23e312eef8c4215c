// Builds the public functions from catalogue rows: argument validation (everything is
// checked before anything is written), output allocation and backend dispatch.

import type { Backend, ElementOp, FloatArray, PairOp } from './backends/backend.js';
import { jsBackend } from './backends/js.js';
import { currentBackend } from './backends/loader.js';
import { kernelArgs, type ElementwiseSpec, type ParamValues, type Scalar } from './catalogue/index.js';
import { describe, rangeError, typeError } from './errors.js';
import { existingMemory } from './memory.js';

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
  if (!(v instanceof Float32Array) && !(v instanceof Float64Array)) {
    throw typeError(fn, `${arg} must be a Float32Array or Float64Array; got ${describe(v)}`);
  }
  existingMemory()?.checkView(fn, arg, v);
  return v;
}

/** Same buffer and overlapping byte ranges, but not the very same range. */
export function partlyOverlaps(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.byteLength === 0 || b.byteLength === 0) return false;
  if (a.byteOffset === b.byteOffset && a.length === b.length) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

function checkOptions(fn: string, spec: ElementwiseSpec, opts: unknown): Record<string, unknown> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || ArrayBuffer.isView(opts)) {
    throw typeError(fn, `opts must be an object; got ${describe(opts)}`);
  }
  const known = ['out', ...spec.params.map((p) => p.name)];
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) {
      throw typeError(fn, `unknown option ${describe(key)}; ${spec.name} takes ${known.join(', ')}`);
    }
  }
  return opts as Record<string, unknown>;
}

/** Parameter values in catalogue order, defaults filled in, validated. */
function paramValues(fn: string, spec: ElementwiseSpec, opts: Record<string, unknown>): ParamValues {
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

/** Validates `out` against the inputs, or allocates it. */
function output(fn: string, opts: Record<string, unknown>, inputs: FloatArray[]): FloatArray {
  const first = inputs[0]!;
  const out = opts.out;
  if (out === undefined) {
    return first instanceof Float32Array ? new Float32Array(first.length) : new Float64Array(first.length);
  }
  checkArray(fn, 'out', out);
  const o = out as FloatArray;
  if (o.constructor !== first.constructor) {
    throw typeError(fn, `out must be a ${first.constructor.name} like the input; got ${describe(out)}`);
  }
  if (o.length !== first.length) {
    throw rangeError(fn, `out has length ${o.length} but the input has length ${first.length}`);
  }
  for (const input of inputs) {
    if (partlyOverlaps(o, input)) {
      throw rangeError(fn, 'out overlaps an input without being the same array; pass the input itself for in-place');
    }
  }
  return o;
}

interface Resolved {
  backend: Backend;
  op: ElementOp;
  out: FloatArray;
}

/** Everything a call needs, validated; throws before any write. */
function resolve(
  fn: string, spec: ElementwiseSpec, mode: string, scalar: Scalar,
  arrays: readonly [string, unknown][], opts: unknown, fromOutput = false,
): Resolved & { inputs: FloatArray[] } {
  const o = checkOptions(fn, spec, opts);
  const inputs = arrays.map(([name, v]) => checkArray(fn, name, v));
  const first = inputs[0]!;
  for (let i = 1; i < inputs.length; i++) {
    const v = inputs[i]!;
    if (v.constructor !== first.constructor) {
      throw typeError(fn, `${arrays[i]![0]} must be a ${first.constructor.name} like ${arrays[0]![0]}; got ${describe(v)}`);
    }
    if (v.length !== first.length) {
      throw rangeError(fn, `${arrays[i]![0]} has length ${v.length} but ${arrays[0]![0]} has length ${first.length}`);
    }
  }
  const p = paramValues(fn, spec, o);
  if (fromOutput) {
    const why = spec.fromOutputCheck?.(p);
    if (why) throw rangeError(fn, why);
  }
  const out = output(fn, o, inputs);
  const [a, b] = kernelArgs(spec, p);
  const single = first instanceof Float32Array;
  const backend = single ? currentBackend() : jsBackend;
  // Float32 data uses float32 parameters on every backend, as PyTorch does.
  const op: ElementOp = {
    kernel: `${spec.kernel ? spec.kernel(p) : spec.name}_${mode}`,
    js: scalar,
    a: single ? Math.fround(a) : a,
    b: single ? Math.fround(b) : b,
  };
  return { backend, op, out, inputs };
}

/** The chain rule dx = dy·f'(x) as a two-input op (the wasm kernel fuses the product). */
export function chained(op: ElementOp): PairOp {
  const f = op.js;
  return { ...op, js: (g, v, a, b) => g * f(v, a, b) };
}

/** The public function object for an element-wise catalogue row. */
export function elementwise<P extends object>(spec: ElementwiseSpec): OutputDifferentiable<P> {
  const name = spec.name;
  const forward = function (x: FloatArray, opts?: unknown): FloatArray {
    const r = resolve(name, spec, 'forward', spec.forward, [['x', x]], opts);
    r.backend.map(r.op, r.inputs[0]!, r.out);
    return r.out;
  };
  Object.defineProperty(forward, 'name', { value: name });
  const fromOutput = spec.fromOutput;
  const methods = {
    backward(dy: FloatArray, x: FloatArray, opts?: unknown): FloatArray {
      const r = resolve(`${name}.backward`, spec, 'backward', spec.derivative, [['dy', dy], ['x', x]], opts);
      r.backend.map2(chained(r.op), r.inputs[0]!, r.inputs[1]!, r.out);
      return r.out;
    },
    backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): FloatArray {
      const fn = `${name}.backwardFromOutput`;
      if (!fromOutput) throw typeError(fn, `${name}'s derivative is not a function of its output; use ${name}.backward(dy, x)`);
      const r = resolve(fn, spec, 'backward_from_output', fromOutput, [['dy', dy], ['y', y]], opts, true);
      r.backend.map2(chained(r.op), r.inputs[0]!, r.inputs[1]!, r.out);
      return r.out;
    },
    derivative(x: FloatArray, opts?: unknown): FloatArray {
      const r = resolve(`${name}.derivative`, spec, 'derivative', spec.derivative, [['x', x]], opts);
      r.backend.map(r.op, r.inputs[0]!, r.out);
      return r.out;
    },
  };
  return Object.assign(forward, methods) as unknown as OutputDifferentiable<P>;
}
