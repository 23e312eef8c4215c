// The bias epilogue of the element-wise functions, f(x + b) in one pass, and addBias, the
// separate add it replaces. The options (bias, layout, innerSize, biasGrad) are read and
// checked here for every element-wise function; the backends see x + b as a Shifted
// operand (src/backends/backend.ts), rounded to float32 once for float32 data, so the
// fused result is bitwise f(addBias(x, b)) on the same backend.

import { ACCEPTED, checkOut, expectSameType, isFloatTag, isSingle, newArray, readArray, sharesMemory, type ArrayArg } from './args/arrays.js';
import { F32, typedArrayTag } from './args/intrinsics.js';
import { parseChoice, parseInteger, parseNumber, readOptions, type OptionValues } from './args/options.js';
import { shifted, type FloatArray, type Loop1, type Operand } from './backends/backend.js';
import { backendFor } from './backends/loader.js';
import { definePreparer, type Prepared } from './call.js';
import { channelValues, channelsOf, type ChannelSums, type Channels, type Layout } from './channels.js';
import { describe, rangeError, typeError } from './errors.js';

/** The options of the epilogue that every element-wise method takes. */
export const BIAS_OPTIONS = ['bias', 'layout', 'innerSize'] as const;
/** …and that backward and backwardFromOutput take as well. */
export const BIAS_GRAD_OPTION = 'biasGrad';

/** A call's bias as read: the value (float32-rounded number, or the array), and its channels. */
export interface BiasPlan extends Channels {
  readonly bias: number | ArrayArg | undefined;
  /** Receives the per-channel sums of dx (backward only). */
  readonly grad: ArrayArg | undefined;
  /** Float32 arithmetic (float32 and float16 data). */
  readonly single: boolean;
}

/** bias: a number (not NaN; float32-rounded for float32 and float16 data) or a float array without NaN. */
function readBiasValue(fn: string, v: unknown, single: boolean): number | ArrayArg {
  if (typeof v === 'number') return parseNumber(fn, 'bias', v, {}, single);
  if (!isFloatTag(typedArrayTag(v))) throw typeError(fn, `bias must be a number, ${ACCEPTED}; got ${describe(v)}`);
  const b = readArray(fn, 'bias', v);
  if (b.length === 0) throw rangeError(fn, 'bias must hold at least one value; got an empty array');
  const view = b.view;
  for (let i = 0; i < view.length; i++) if (view[i] !== view[i]) throw rangeError(fn, `bias[${i}] is NaN`);
  return b;
}

/**
 * The epilogue options of a call on x (n elements), or undefined where it has none.
 * `arrays` are the call's other arrays (inputs and out), which biasGrad must not share
 * memory with; bias must not share memory with out.
 */
export function readBias(fn: string, o: OptionValues, x: ArrayArg, arrays: readonly ArrayArg[], out: ArrayArg | undefined): BiasPlan | undefined {
  const given = o.bias !== undefined || o.biasGrad !== undefined;
  if (!given) {
    if (o.layout !== undefined || o.innerSize !== undefined) {
      throw typeError(fn, 'layout and innerSize describe a per-channel bias; pass bias (or biasGrad) with them');
    }
    return undefined;
  }
  const single = isSingle(x.dtype);
  const layout: Layout = o.layout === undefined ? 'channelsFirst' : parseChoice(fn, 'layout', o.layout, ['channelsFirst', 'channelsLast'] as const);
  const innerSize = o.innerSize === undefined ? 1 : parseInteger(fn, 'innerSize', o.innerSize, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
  const bias = o.bias === undefined ? undefined : readBiasValue(fn, o.bias, single);
  if (typeof bias === 'object' && out !== undefined && sharesMemory(bias.view, out.view)) {
    throw rangeError(fn, 'bias must not share memory with out');
  }
  let grad: ArrayArg | undefined;
  if (o.biasGrad !== undefined) {
    grad = readArray(fn, 'biasGrad', o.biasGrad);
    expectSameType(fn, x, grad);
    const want = bias === undefined ? grad.length : typeof bias === 'number' ? 1 : bias.length;
    if (grad.length !== want) {
      throw rangeError(fn, `biasGrad has length ${grad.length} but ${typeof bias === 'number' ? 'a number bias has 1 value' : `bias has length ${want}`}`);
    }
    if (grad.length === 0) throw rangeError(fn, 'biasGrad must hold at least one value; got an empty array');
    const clash = [...arrays, ...(typeof bias === 'object' ? [bias] : [])].find((a) => sharesMemory(grad!.view, a.view));
    if (clash) throw rangeError(fn, `biasGrad must not share memory with ${clash.name}`);
  }
  // One value (a number bias, or a one-element biasGrad without bias) spans every element.
  const count = typeof bias === 'object' ? bias.length : bias === undefined && grad!.length > 1 ? grad!.length : undefined;
  const channels = channelsOf(fn, typeof bias === 'object' ? 'bias' : 'biasGrad', count, layout, innerSize, x.length);
  return { ...channels, bias, grad, single };
}

/** x + bias as the backends' operand (x itself where the call has no bias). */
export function biasedInput(plan: BiasPlan | undefined, x: FloatArray): Operand {
  const bias = plan?.bias;
  if (bias === undefined) return x;
  const { inner, single } = plan!;
  return shifted(x, typeof bias === 'number' ? bias : channelValues(bias.view, inner, x.length, single), single);
}

/** The accumulators that fill biasGrad once the backend has every element of dx. */
export function biasGradSums(plan: BiasPlan | undefined): ChannelSums | undefined {
  const grad = plan?.grad;
  if (grad === undefined) return undefined;
  const sums = new Float64Array(plan!.count);
  // Float16 data: the sums rounded to float32, then to half, as every float16 result.
  const write = grad.dtype === 'float16' ? () => grad.view.set(F32.from(sums)) : () => grad.view.set(sums);
  return { count: plan!.count, inner: plan!.inner, sums, write };
}

/** The arrays a plan adds to a call (for the pool's re-check before a deferred run). */
export function biasArrays(plan: BiasPlan | undefined): ArrayArg[] {
  if (!plan) return [];
  const list: ArrayArg[] = [];
  if (typeof plan.bias === 'object') list.push(plan.bias);
  if (plan.grad) list.push(plan.grad);
  return list;
}

// ---- addBias: the separate add ------------------------------------------------------------

/** out = x + a, one rounding on store: one bias, or (a = -0, the identity of IEEE addition) x + bias made by the operand. */
const addLoop: Loop1 = (x, out, a) => {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! + a;
};

const ADD_OPTIONS: ReadonlySet<string> = new Set(['bias', 'layout', 'innerSize', 'out']);

/** Reads and validates addBias(x, opts). */
function prepareAddBias(x: unknown, opts: unknown): Prepared {
  const fn = 'addBias';
  const o = readOptions(fn, opts, ADD_OPTIONS);
  const xa = readArray(fn, 'x', x);
  let out: ArrayArg | undefined;
  if (o.out !== undefined) {
    out = readArray(fn, 'out', o.out);
    checkOut(fn, out, xa, xa.length, 'the input', [xa]);
  }
  if (o.bias === undefined) throw typeError(fn, 'option bias is required');
  const plan = readBias(fn, o, xa, [xa], out)!;
  const arrays = [xa, ...(out ? [out] : []), ...biasArrays(plan)];
  return {
    size: xa.length,
    arrays,
    run() {
      const view = out?.view ?? newArray(xa.dtype, xa.length);
      const b = backendFor(xa.view);
      // A per-channel bias goes through the epilogue's own add (x + bias made chunk by
      // chunk, as for gelu(x, { bias })), then adds -0, which changes no value.
      if (typeof plan.bias === 'number') b.map({ kernel: 'bias_add_scalar', loop: addLoop, a: plan.bias, b: 0 }, xa.view, view);
      else b.map({ kernel: 'bias_add_scalar', loop: addLoop, a: -0, b: 0 }, biasedInput(plan, xa.view), view);
      return out?.value ?? view;
    },
  };
}

/**
 * x + bias, the separate bias add that the element-wise functions' `bias` option fuses:
 * `gelu(x, { bias })` is bitwise `gelu(addBias(x, { bias }))` on the same backend.
 */
export const addBias = definePreparer(
  function addBias(x: unknown, opts?: unknown): FloatArray {
    return prepareAddBias(x, opts).run() as FloatArray;
  },
  (a) => prepareAddBias(a[0], a[1]),
);
