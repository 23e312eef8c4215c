// wasm-activations: neural-network activation functions and their gradients over
// Float32Array / Float64Array buffers, in WebAssembly SIMD with scalar-wasm and
// JavaScript fallbacks.

import { elementwise, type OutOption, type OutputDifferentiable } from './activation.js';
import { BY_NAME, ELEMENTWISE } from './catalogue/index.js';
import type { FloatArray } from './backends/backend.js';
import { describe, typeError } from './errors.js';

export type { BackendName, FloatArray } from './backends/backend.js';
export type { ElementwiseActivation, OutOption, OutputDifferentiable } from './activation.js';
export { init, getBackend, setBackend } from './backends/loader.js';
export { allocate, WasmBuffer } from './memory.js';

/** One public function per catalogue row, built from the row. */
const FUNCTIONS: ReadonlyMap<string, OutputDifferentiable<object>> = new Map(
  ELEMENTWISE.map((spec) => [spec.name, elementwise<object>(spec)]),
);

/** The public function of a row, typed with its options (and y-form where it has one). */
function fn<P extends object>(name: string): OutputDifferentiable<P> {
  return FUNCTIONS.get(name) as OutputDifferentiable<P>;
}

export const relu = fn<{}>('relu');
export const leakyRelu = fn<{ negativeSlope?: number }>('leakyRelu');
export const sigmoid = fn<{}>('sigmoid');
export const logistic = sigmoid;
export const tanh = fn<{}>('tanh');
/** Rows without a y-form: typed without backwardFromOutput. */
type NoOutputForm<P extends object> = import('./activation.js').ElementwiseActivation<P>;
export const elu = fn<{ alpha?: number }>('elu');
export const selu = fn<{}>('selu');
export const celu = fn<{ alpha?: number }>('celu');
export const softplus = fn<{ beta?: number; threshold?: number }>('softplus');
export const logsigmoid = fn<{}>('logsigmoid');
export const silu: NoOutputForm<{}> = fn<{}>('silu');
export const swish = silu;
export const mish: NoOutputForm<{}> = fn<{}>('mish');
export const gelu: NoOutputForm<{ approximate?: 'none' | 'tanh' }> = fn<{ approximate?: 'none' | 'tanh' }>('gelu');
export const tanhshrink: NoOutputForm<{}> = fn<{}>('tanhshrink');
export const softsign = fn<{}>('softsign');

/** Names accepted by activate(), aliases included. */
export const activationNames: readonly string[] = [...BY_NAME.keys()];

/** Applies the activation called `name` (for configs and model files). */
export function activate<A extends FloatArray>(name: string, x: A, opts?: Record<string, unknown> & OutOption<A>): A {
  if (typeof name !== 'string') throw typeError('activate', `name must be a string; got ${describe(name)}`);
  const spec = BY_NAME.get(name);
  if (!spec) throw typeError('activate', `unknown activation ${describe(name)}; known: ${activationNames.join(', ')}`);
  return FUNCTIONS.get(spec.name)!(x, opts as object);
}
