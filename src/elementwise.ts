// Builds the element-wise public functions from catalogue rows. A call is prepared (its
// arrays and options read once through the argument layer, src/args/, and validated:
// nothing is written before that succeeds), then run on the backend for its data.

import { checkOut, expectLength, expectSameType, isSingle, newArray, readArray, type ArrayArg, type DType } from './args/arrays.js';
import { parseChoice, parseNumber, readOptions, type OptionValues } from './args/options.js';
import type { ElementOp, FloatArray, Loop1, Loop2, OpBase, PairOp } from './backends/backend.js';
import type { OutputDifferentiable } from './types/functions.js';
import { backendFor } from './backends/loader.js';
import { definePreparer, type Prepared } from './call.js';
import { ELEMENTWISE, kernelArgs, type ElementwiseSpec, type Param, type ParamValues } from './catalogue/index.js';
import { rangeError, typeError } from './errors.js';
import { existingMemory, type WasmMemory } from './memory.js';
import { BIAS_GRAD_OPTION, BIAS_OPTIONS, biasArrays, biasGradSums, biasedInput, readBias, type BiasPlan } from './bias.js';
import { JS_LOOPS } from './generated/js-loops.js';
import { ELEMENTWISE_KERNELS, type ElementKernel, type ElementwiseKernels, type ElementwisePrefix } from './generated/kernels.js';

/** Wasm export names of a row by mode (generated from the kernel table: a wrong prefix does not compile). */
type Names = ElementwiseKernels;
type Mode = keyof ElementwiseKernels;
function exportNames(prefix: ElementwisePrefix): Names {
  return ELEMENTWISE_KERNELS[prefix];
}

/** A parameter's value as the computation uses it (float32-rounded for float32 data). */
function paramValue(fn: string, p: Param, v: unknown, single: boolean): number | string {
  if (v === undefined) {
    if ('required' in p && p.required) throw typeError(fn, `option ${p.name} is required`);
    return typeof p.default === 'number' && single ? Math.fround(p.default) : p.default;
  }
  if ('choices' in p) return parseChoice(fn, p.name, v, p.choices);
  return parseNumber(fn, p.name, v, p, single);
}

/** What a row's parameters resolved to for one set of option values. */
interface Resolved {
  readonly values: ParamValues;
  readonly args: readonly [number, number];
  readonly names: Names;
  /** The ops of these parameters by mode and residency, made on first use. */
  readonly ops: Map<string, RowOp>;
}

/**
 * An element-wise op: the wasm export and the js backend's loop for the mode (generated,
 * src/generated/js-loops.ts), a Loop1 for forward and derivative, a Loop2 (dy and x or y)
 * for the backward modes, whose kernels and loops fuse the chain rule dy·f'.
 */
type RowOp = OpBase<ElementKernel> & { readonly loop: Loop1 | Loop2 };

function opOf(r: Resolved, mode: Mode, loop: Loop1 | Loop2, plain: boolean): RowOp {
  const key = plain ? mode : `${mode}+resident`;
  let op = r.ops.get(key);
  // Only rows with a from-output form reach mode backward_from_output, and they have its kernel.
  if (!op) r.ops.set(key, (op = { kernel: r.names[mode]!, loop, a: r.args[0], b: r.args[1], plain }));
  return op;
}

function resolveParams(fn: string, spec: ElementwiseSpec, o: OptionValues, single: boolean): Resolved {
  const values = spec.params.map((p) => paramValue(fn, p, o[p.name], single));
  const why = spec.checkParams?.(values);
  if (why) throw rangeError(fn, why);
  const [a, b] = kernelArgs(spec, values);
  // Float32 data uses float32 parameters on every backend, as PyTorch does.
  const args: [number, number] = single ? [Math.fround(a), Math.fround(b)] : [a, b];
  return { values, args, names: exportNames(spec.kernel ? spec.kernel(values) : spec.name), ops: new Map() };
}

/**
 * A row's last resolved parameters. Calls repeat their options far more often than they
 * change them, so a call whose option values (as read, once) and dtype are those of the
 * last call skips validation, defaults and kernel choice: on short arrays that is a third
 * of a call's cost. Only a call that validated replaces the entry.
 */
interface ParamCache {
  raw: unknown[] | undefined;
  dtype: DType | undefined;
  resolved: Resolved | undefined;
}

function cachedParams(fn: string, spec: ElementwiseSpec, cache: ParamCache, o: OptionValues, dtype: DType): Resolved {
  const params = spec.params;
  const raw = cache.raw;
  if (raw !== undefined && cache.dtype === dtype) {
    let same = true;
    for (let i = 0; i < params.length; i++) {
      if (!Object.is(o[params[i]!.name], raw[i])) {
        same = false;
        break;
      }
    }
    if (same) return cache.resolved!;
  }
  const resolved = resolveParams(fn, spec, o, isSingle(dtype));
  cache.resolved = resolved;
  cache.dtype = dtype;
  cache.raw = params.map((p) => o[p.name]);
  return resolved;
}

/**
 * A prepared element-wise call: one input (forward, derivative) or two (dy, then x or y),
 * with the bias epilogue where the call has one: the activation's input is x + bias
 * (forward, derivative, backward; backwardFromOutput has y already), and biasGrad
 * receives the channel sums of dx.
 */
class ElementCall implements Prepared {
  constructor(
    private readonly op: RowOp,
    private readonly first: ArrayArg,
    private readonly second: ArrayArg | undefined,
    private readonly out: ArrayArg | undefined,
    private readonly bias: BiasPlan | undefined,
    private readonly fromOutput: boolean,
  ) {}

  get size(): number {
    return this.first.length;
  }

  get arrays(): readonly ArrayArg[] {
    const list = [this.first];
    if (this.second) list.push(this.second);
    if (this.out) list.push(this.out);
    return this.bias ? [...list, ...biasArrays(this.bias)] : list;
  }

  run(): FloatArray {
    const { first, second, op, bias } = this;
    const out = this.out?.view ?? newArray(first.dtype, first.length);
    const backend = backendFor(first.view);
    // The loop's arity is the mode's (prepare's caller passes the loop of its method).
    if (second) {
      const v = this.fromOutput ? second.view : biasedInput(bias, second.view);
      backend.map2(op as PairOp, first.view, v, out, biasGradSums(bias));
    } else {
      backend.map(op as ElementOp, biasedInput(bias, first.view), out);
    }
    return (this.out?.value as FloatArray | undefined) ?? out;
  }
}

/** Whether the array lives in the package's own wasm memory now (zero-copy). */
function resident(a: ArrayArg | undefined, mem: WasmMemory): boolean {
  return a !== undefined && a.memory === mem && a.buffer === mem.buffer;
}

/** The public function object for an element-wise catalogue row. */
export function elementwise<P extends object>(spec: ElementwiseSpec): OutputDifferentiable<P> {
  const name = spec.name;
  const known: ReadonlySet<string> = new Set([...spec.params.map((p) => p.name), 'out', ...BIAS_OPTIONS]);
  const knownBackward: ReadonlySet<string> = new Set([...known, BIAS_GRAD_OPTION]);
  const cache: ParamCache = { raw: undefined, dtype: undefined, resolved: undefined };
  const loops = JS_LOOPS[name]!;

  /**
   * Reads and validates a call: options first (the only caller code that runs), then the
   * arrays (engine getters only), then the parameters against the arrays' dtype.
   */
  const prepare = (
    fn: string, mode: Mode, loop: Loop1 | Loop2, opts: unknown, n1: string, a1: unknown, n2?: string, a2?: unknown,
  ): ElementCall => {
    const o = readOptions(fn, opts, n2 === undefined ? known : knownBackward);
    const first = readArray(fn, n1, a1);
    let second: ArrayArg | undefined;
    if (n2 !== undefined) {
      second = readArray(fn, n2, a2);
      expectSameType(fn, first, second);
      expectLength(fn, second, first.length, `${n1} has length ${first.length}`);
    }
    let out: ArrayArg | undefined;
    if (o.out !== undefined) {
      out = readArray(fn, 'out', o.out);
      checkOut(fn, out, first, first.length, 'the input', second ? [first, second] : [first]);
    }
    const r = cachedParams(fn, spec, cache, o, first.dtype);
    if (mode === 'backward_from_output') {
      const why = spec.fromOutputCheck?.(r.values);
      if (why) throw rangeError(fn, why);
    }
    const x = second ?? first;
    const bias = o.bias === undefined && o.biasGrad === undefined && o.layout === undefined && o.innerSize === undefined
      ? undefined
      : readBias(fn, o, x, second ? [first, second, ...(out ? [out] : [])] : [first, ...(out ? [out] : [])], out);
    const mem = existingMemory();
    const plain = mem === undefined || !(resident(first, mem) || resident(second, mem) || resident(out, mem));
    return new ElementCall(opOf(r, mode, loop, plain), first, second, out, bias, mode === 'backward_from_output');
  };

  const fromOutput = spec.fromOutput;
  const backwardName = `${name}.backward`;
  const fromOutputName = `${name}.backwardFromOutput`;
  const derivativeName = `${name}.derivative`;
  const noFromOutput = (): never => {
    throw typeError(fromOutputName, `${name}'s derivative is not a function of its output; use ${name}.backward(dy, x)`);
  };

  const prepareForward = (x: unknown, opts: unknown) => prepare(name, 'forward', loops.forward, opts, 'x', x);
  const prepareDerivative = (x: unknown, opts: unknown) => prepare(derivativeName, 'derivative', loops.derivative, opts, 'x', x);
  const prepareBackward = (dy: unknown, x: unknown, opts: unknown) =>
    prepare(backwardName, 'backward', loops.backward, opts, 'dy', dy, 'x', x);
  const prepareFromOutput = (dy: unknown, y: unknown, opts: unknown) =>
    fromOutput ? prepare(fromOutputName, 'backward_from_output', loops.backwardFromOutput!, opts, 'dy', dy, 'y', y) : noFromOutput();

  const forward = definePreparer(
    function (x: unknown, opts?: unknown): FloatArray {
      return prepareForward(x, opts).run();
    },
    (a) => prepareForward(a[0], a[1]),
  );
  Object.defineProperty(forward, 'name', { value: name });
  const methods = {
    backward: definePreparer(
      (dy: unknown, x: unknown, opts?: unknown): FloatArray => prepareBackward(dy, x, opts).run(),
      (a) => prepareBackward(a[0], a[1], a[2]),
    ),
    backwardFromOutput: definePreparer(
      (dy: unknown, y: unknown, opts?: unknown): FloatArray => prepareFromOutput(dy, y, opts).run(),
      (a) => prepareFromOutput(a[0], a[1], a[2]),
    ),
    derivative: definePreparer(
      (x: unknown, opts?: unknown): FloatArray => prepareDerivative(x, opts).run(),
      (a) => prepareDerivative(a[0], a[1]),
    ),
  };
  return Object.assign(forward, methods) as unknown as OutputDifferentiable<P>;
}

/** The public function of every element-wise catalogue row, by row name, built once (the API and the pool share them). */
export const ELEMENTWISE_FUNCTIONS: ReadonlyMap<string, OutputDifferentiable<object>> = new Map(
  ELEMENTWISE.map((spec) => [spec.name, elementwise<object>(spec)]),
);
