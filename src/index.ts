// wasm-activations: neural-network activation functions and their gradients over
// Float32Array / Float64Array buffers, in WebAssembly SIMD with scalar-wasm and
// JavaScript fallbacks.

import { ELEMENTWISE_FUNCTIONS, type OutOption, type OutputDifferentiable } from './activation.js';
import { withDefaults } from './args/options.js';
import { namedFunction } from './named.js';
import {
  STRUCTURED_FUNCTIONS, type GluActivation, type PreluActivation, type RowwiseActivation, type RreluActivation,
} from './structured/index.js';
import type { FloatArray } from './backends/backend.js';
import { describe, typeError } from './errors.js';
import type { ElementwiseActivation } from './activation.js';
import type { Pool, PoolOptions } from './pool/index.js';

export type { BackendName, FloatArray } from './backends/backend.js';
export { activationInfo, type ActivationInfo, type ParamInfo } from './info.js';
export type { ElementwiseActivation, OutOption, OutputDifferentiable } from './activation.js';
export { init, getBackend, setBackend } from './backends/loader.js';
export { allocate, WasmBuffer } from './memory.js';
export type {
  GluActivation, PreluActivation, PreluOptions, RowOptions, RowwiseActivation, RreluActivation, RreluOptions, SoftmaxOptions,
} from './structured/index.js';

/** One public function per catalogue row, built from the row. */
const FUNCTIONS = ELEMENTWISE_FUNCTIONS;

/** The public function of a row, typed with its options (and y-form where it has one). */
function fn<P extends object>(name: string): OutputDifferentiable<P> {
  return FUNCTIONS.get(name) as OutputDifferentiable<P>;
}

export const relu = fn<{}>('relu');
export const leakyRelu = fn<{ negativeSlope?: number }>('leakyRelu');
export const sigmoid = fn<{}>('sigmoid');
export const logistic = sigmoid;
export const tanh = fn<{}>('tanh');
export const relu6 = fn<{}>('relu6');
export const hardtanh = fn<{ minVal?: number; maxVal?: number }>('hardtanh');
export const hardsigmoid: ElementwiseActivation<{ alpha?: number; beta?: number }> = fn('hardsigmoid');
export const hardswish: ElementwiseActivation<{}> = fn('hardswish');
export const softshrink = fn<{ lambd?: number }>('softshrink');
export const hardshrink = fn<{ lambd?: number }>('hardshrink');
export const threshold = fn<{ threshold: number; value: number }>('threshold');

export const elu = fn<{ alpha?: number }>('elu');
export const selu = fn<{}>('selu');
export const celu = fn<{ alpha?: number }>('celu');
export const softplus = fn<{ beta?: number; threshold?: number }>('softplus');
export const logsigmoid = fn<{}>('logsigmoid');
export const silu: ElementwiseActivation<{}> = fn<{}>('silu');
export const swish = silu;
export const mish: ElementwiseActivation<{}> = fn<{}>('mish');
export const gelu: ElementwiseActivation<{ approximate?: 'none' | 'tanh' }> = fn<{ approximate?: 'none' | 'tanh' }>('gelu');
export const tanhshrink: ElementwiseActivation<{}> = fn<{}>('tanhshrink');
export const softsign = fn<{}>('softsign');

// Not element-wise: rows (softmax family, glu), per-channel and sampled slopes.
export const prelu = STRUCTURED_FUNCTIONS.get('prelu') as PreluActivation;
export const rrelu = STRUCTURED_FUNCTIONS.get('rrelu') as RreluActivation;
export const glu = STRUCTURED_FUNCTIONS.get('glu') as GluActivation;
export const softmax = STRUCTURED_FUNCTIONS.get('softmax') as RowwiseActivation;
export const logSoftmax = STRUCTURED_FUNCTIONS.get('logSoftmax') as RowwiseActivation;
export const softmin = STRUCTURED_FUNCTIONS.get('softmin') as RowwiseActivation;

export { activationNames } from './named.js';

/**
 * Applies the activation called `name`, for configs and model files: the package's names
 * (`leakyRelu`), and the spellings of PyTorch (`LeakyReLU`, `leaky_relu`), ONNX
 * (`LeakyRelu`, `HardSigmoid`) and Keras (`swish`, `hard_sigmoid`), each with its
 * framework's defaults (ONNX `HardSigmoid`: alpha 0.2, beta 0.5). The table is in the README.
 */
export function activate<A extends FloatArray>(name: string, x: A, opts?: Record<string, unknown> & OutOption<A>): A {
  const fn = namedFunction('activate', name);
  return fn.call(x, withDefaults('activate', opts, fn.defaults)) as A;
}

// The opt-in worker pool (docs/threads.md): its own modules and its threads wasm build,
// loaded on the first createPool() call, so importing the package never loads them.
export type {
  Pool, PoolActivation, PoolElementwise, PoolGlu, PoolOptions, PoolOutputDifferentiable, PoolPrelu, PoolRowwise, PoolRrelu,
} from './pool/index.js';

/**
 * Starts a worker pool over one shared WebAssembly memory (docs/threads.md): every
 * activation as an async method, large calls split across the workers.
 */
export async function createPool(options?: PoolOptions): Promise<Pool> {
  const pool = await import('./pool/index.js');
  return pool.createPool(options);
}
