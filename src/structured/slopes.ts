// prelu and rrelu: leakyRelu with a slope per channel (prelu's weight) or per element
// (rrelu's training slopes). A single slope runs the leakyRelu kernels; per-channel and
// sampled slopes are a generated operand, expanded chunk by chunk into scratch, for the
// per-element-slope kernels (assembly/slopes.ts).

import type { PreluActivation, RreluActivation } from '../types/functions.js';
import type { Backend, FloatArray, Generated, Loop2, Loop3, Operand } from '../backends/backend.js';
import { backendFor } from '../backends/loader.js';
import type { Method, SlopeSpec } from '../catalogue/index.js';
import { leakyRelu } from '../catalogue/rectifiers.js';
import { JS_LOOPS } from '../generated/js-loops.js';
import { expectSameType, isSingle, newArray, type ArrayArg } from '../args/arrays.js';
import { F32 } from '../args/intrinsics.js';
import type { Prepared } from '../call.js';
import { rangeError, typeError } from '../errors.js';
import { channelValues, channelsOf, type Channels, type Layout } from '../channels.js';
import { prepared, publicFunction } from './public.js';
import { randomSeed, sampledSlopes } from './random.js';
import { checkOutput, expectLength, missingMethod, outputView, readCall, result, sharesMemory } from './validate.js';

/** Where the slopes come from: one number, or a value per element (stored or generated). */
export type SlopeSource = { readonly scalar: number } | { readonly perElement: Operand };

const leakyLoops = JS_LOOPS.leakyRelu!;

/**
 * The js backend's loops for leakyRelu with a slope per element (w), one literal each so
 * that V8 inlines the catalogue function (see Op). f' is 1, the slope or NaN, so it needs
 * no rounding to float32 before the product in backward.
 */
const slopeLoops: { readonly forward: Loop2; readonly derivative: Loop2; readonly backward: Loop3 } = {
  forward(x, w, out) {
    const f = leakyRelu.forward;
    for (let i = 0; i < out.length; i++) out[i] = f(x[i]!, w[i]!, 0);
  },
  derivative(x, w, out) {
    const f = leakyRelu.derivative;
    for (let i = 0; i < out.length; i++) out[i] = f(x[i]!, w[i]!, 0);
  },
  backward(dy, x, w, out) {
    const f = leakyRelu.derivative;
    for (let i = 0; i < out.length; i++) out[i] = dy[i]! * f(x[i]!, w[i]!, 0);
  },
};

/** out[i] = u[i]·v[i] (rrelu's training forward x·noise and backward dy·noise). */
const productLoop: Loop2 = (u, v, out) => {
  for (let i = 0; i < out.length; i++) out[i] = u[i]! * v[i]!;
};

/** forward / derivative (dy undefined) or backward of leakyRelu with the given slopes. */
export function runSlopes(b: Backend, mode: 'forward' | 'derivative' | 'backward', src: SlopeSource,
  x: FloatArray, out: FloatArray, dy?: FloatArray): void {
  if ('scalar' in src) {
    const a = src.scalar;
    if (mode === 'backward') b.map2({ kernel: 'leakyRelu_backward', loop: leakyLoops.backward, a, b: 0 }, dy!, x, out);
    else b.map({ kernel: `leakyRelu_${mode}`, loop: leakyLoops[mode], a, b: 0 }, x, out);
    return;
  }
  const w = src.perElement;
  if (mode === 'backward') {
    b.map3({ kernel: 'slopes_backward', loop: slopeLoops.backward, a: 0, b: 0 }, dy!, x, w, out);
  } else {
    b.map2({ kernel: `slopes_${mode}`, loop: slopeLoops[mode], a: 0, b: 0 }, x, w, out);
  }
}

// ---- prelu -----------------------------------------------------------------------------------

/** prelu's channels: a number weight spans everything. */
function preluChannels(fn: string, o: Readonly<Record<string, unknown>>, n: number): Channels & { readonly weight: number | ArrayArg } {
  const weight = o.weight as number | ArrayArg;
  const count = typeof weight === 'number' ? undefined : weight.length;
  return { weight, ...channelsOf(fn, 'weight', count, o.layout as Layout, o.innerSize as number, n) };
}

export function preluFunction(spec: SlopeSpec): PreluActivation {
  const prepare = (method: 'forward' | 'derivative' | 'backward', named: [string, unknown][], opts: unknown): Prepared => {
    const c = readCall(spec, method, named, opts);
    const x = c.arrays[c.arrays.length - 1]!;
    const dy = c.arrays.length === 2 ? c.arrays[0] : undefined;
    if (dy) expectLength(c.fn, x, dy.length, `dy has length ${dy.length}`);
    const ch = preluChannels(c.fn, c.o, x.length);
    checkOutput(c, x, x.length, c.arrays);
    return prepared(c, () => {
      const out = outputView(c, x, x.length);
      const single = isSingle(x.dtype);
      // (A number weight is float32-rounded already for float32 data.)
      const src: SlopeSource = typeof ch.weight === 'number'
        ? { scalar: ch.weight }
        : { perElement: channelValues(ch.weight.view, ch.inner, x.length, single) };
      runSlopes(backendFor(x.view), method, src, x.view, out, dy?.view);
      return result(c, out);
    });
  };

  const prepareWeightGradient = (dy: unknown, x: unknown, opts: unknown): Prepared => {
    const c = readCall(spec, 'weightGradient', [['dy', dy], ['x', x]], opts, false);
    const [g, xa] = c.arrays as [ArrayArg, ArrayArg];
    expectLength(c.fn, xa, g.length, `dy has length ${g.length}`);
    const { count, inner } = preluChannels(c.fn, c.o, xa.length);
    return prepared(c, () => {
      const gv = g.view;
      const xv = xa.view;
      const acc = new Float64Array(count);
      // PyTorch: the term is 0 where x > 0 and dy·x otherwise (so NaN x gives NaN).
      for (let i = 0, k = 0; i < xv.length; k = k + 1 === count ? 0 : k + 1) {
        let s = 0;
        for (const end = i + inner; i < end && i < xv.length; i++) {
          const v = xv[i]!;
          if (!(v > 0)) s += gv[i]! * v;
        }
        acc[k] = acc[k]! + s;
      }
      if (xa.dtype === 'float64') return acc;
      // Float16 data: the float32 sums rounded to half, as every float16 result is.
      const sums = F32.from(acc);
      if (xa.dtype === 'float32') return sums;
      const half = newArray('float16', count);
      half.set(sums);
      return half;
    });
  };

  return publicFunction(spec.name, {
    forward: (a) => prepare('forward', [['x', a[0]]], a[1]),
    backward: (a) => prepare('backward', [['dy', a[0]], ['x', a[1]]], a[2]),
    derivative: (a) => prepare('derivative', [['x', a[0]]], a[1]),
    weightGradient: (a) => prepareWeightGradient(a[0], a[1], a[2]),
    backwardFromOutput: () => {
      throw missingMethod(spec, 'backwardFromOutput');
    },
  }) as unknown as PreluActivation;
}

// ---- rrelu -----------------------------------------------------------------------------------

/** noise validated against x (type, length) and against the arrays it must not share memory with. */
function checkNoise(fn: string, noise: ArrayArg, x: ArrayArg, others: readonly FloatArray[]): void {
  expectSameType(fn, x, noise);
  expectLength(fn, noise, x.length, `x has length ${x.length}`);
  if (others.some((a) => sharesMemory(noise.view, a))) throw rangeError(fn, 'noise must not share memory with x or out');
}

export function rreluFunction(spec: SlopeSpec): RreluActivation {
  type RreluMethod = Exclude<Method, 'weightGradient' | 'backwardFromOutput'>;
  const prepare = (method: RreluMethod, named: [string, unknown][], opts: unknown): Prepared => {
    const c = readCall(spec, method, named, opts);
    const { fn, o } = c;
    const x = c.arrays[c.arrays.length - 1]!;
    const dy = c.arrays.length === 2 ? c.arrays[0] : undefined;
    if (dy) expectLength(fn, x, dy.length, `dy has length ${dy.length}`);
    const lower = o.lower as number;
    const upper = o.upper as number;
    if (lower > upper) throw rangeError(fn, `lower must not exceed upper; got lower ${lower}, upper ${upper}`);
    const noise = o.noise as ArrayArg | undefined;
    const training = o.training as boolean;
    if (training && method === 'backward' && !noise) {
      throw typeError(fn, 'training mode needs the noise the training forward wrote: pass { training: true, noise }');
    }
    checkOutput(c, x, x.length, noise && method === 'backward' ? [...c.arrays, noise] : c.arrays);
    if (training && noise) checkNoise(fn, noise, x, method === 'forward' ? [x.view, ...(c.out ? [c.out.view] : [])] : []);
    // The seed is drawn now, once per call, so a deferred run uses the one the call got.
    const seed = training && method !== 'backward' ? (o.seed as number | undefined) ?? randomSeed() : 0;
    return prepared(c, () => {
      const out = outputView(c, x, x.length);
      const single = isSingle(x.dtype);
      const b = backendFor(x.view);
      if (!training) {
        const mid = (lower + upper) / 2;
        runSlopes(b, method, { scalar: single ? Math.fround(mid) : mid }, x.view, out, dy?.view);
      } else if (method === 'backward') {
        b.map2({ kernel: 'product', loop: productLoop, a: 0, b: 0 }, dy!.view, noise!.view, out);
      } else {
        const slopes = sampledSlopes(seed, lower, upper, x.length, single);
        if (noise) {
          // Sample once: noise (1 for x > 0, the slope otherwise) is the derivative, and the
          // forward is x·noise, bitwise leakyRelu with those slopes (x·1 = x, x·a = a·x), in a
          // pass without branches. Noise first: out may be x itself.
          runSlopes(b, 'derivative', { perElement: slopes }, x.view, noise.view);
          b.map2({ kernel: 'product', loop: productLoop, a: 0, b: 0 }, x.view, noise.view, out);
        } else {
          runSlopes(b, method, { perElement: slopes }, x.view, out);
        }
      }
      return result(c, out);
    });
  };
  return publicFunction(spec.name, {
    forward: (a) => prepare('forward', [['x', a[0]]], a[1]),
    backward: (a) => prepare('backward', [['dy', a[0]], ['x', a[1]]], a[2]),
    derivative: (a) => prepare('derivative', [['x', a[0]]], a[1]),
    backwardFromOutput: () => {
      throw missingMethod(spec, 'backwardFromOutput');
    },
  }) as unknown as RreluActivation;
}
