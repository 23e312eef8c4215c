// Runs a catalogue function through a chosen backend and memory path, for tests and
// for the accuracy script.

import * as api from '../../src/index.js';
import { allocate, init, setBackend, type BackendName, type OutputDifferentiable } from '../../src/index.js';
import { BY_NAME, type ElementwiseSpec, type ParamValues } from '../../src/catalogue/index.js';

export type Path = 'streamed' | 'zero-copy';
export type Mode = 'forward' | 'derivative' | 'backward' | 'backwardFromOutput';

/**
 * Loads the builds that load on demand (relaxed SIMD, scalar), so that every backend can be
 * forced synchronously, and returns why relaxed SIMD cannot run here (undefined where it
 * can: Node ≥ 22, Chromium, Firefox). Leaves the automatic choice on.
 */
async function loadBuilds(): Promise<string | undefined> {
  let relaxed: string | undefined;
  await init('wasm');
  try {
    await init('wasm-relaxed-simd');
  } catch (e) {
    relaxed = (e as Error).message;
  }
  setBackend('auto');
  return relaxed;
}

/** Why the wasm-relaxed-simd backend is not tested on this engine (undefined: it is). */
export const RELAXED_UNAVAILABLE = await loadBuilds();
/** Every backend this engine runs, fastest first. */
export const BACKENDS: readonly BackendName[] = RELAXED_UNAVAILABLE
  ? ['wasm-simd', 'wasm', 'js']
  : ['wasm-relaxed-simd', 'wasm-simd', 'wasm', 'js'];
export const PATHS: readonly Path[] = ['streamed', 'zero-copy'];
export const MODES: readonly Mode[] = ['forward', 'derivative', 'backward', 'backwardFromOutput'];

/** The package's exported function for a catalogue row (undefined if not exported). */
export function publicFunction(spec: ElementwiseSpec): OutputDifferentiable<object> {
  return (api as unknown as Record<string, OutputDifferentiable<object>>)[spec.name]!;
}

/** Default parameter values of a row, rounded as the float32 kernels see them. */
export function defaultParams(spec: ElementwiseSpec): ParamValues {
  return spec.params.map((p) => (typeof p.default === 'number' ? Math.fround(p.default) : p.default));
}

/** Options object for the given parameter values. */
export function optionsFor(spec: ElementwiseSpec, values: ParamValues): Record<string, number | string> {
  return Object.fromEntries(spec.params.map((p, i) => [p.name, values[i]!]));
}

/**
 * Computes `mode` of `name` on `x` (and `dy` for backward modes) with the given backend
 * and path. Returns a plain Float32Array copy of the result.
 */
export function run(
  name: string, backend: BackendName, path: Path, mode: Mode,
  x: Float32Array, dy: Float32Array | undefined, opts: Record<string, unknown> = {},
): Float32Array {
  const spec = BY_NAME.get(name)!;
  const fn = publicFunction(spec);
  setBackend(backend);
  const n = x.length;
  if (path === 'streamed') {
    switch (mode) {
      case 'forward': return fn(x, opts);
      case 'derivative': return fn.derivative(x, opts);
      case 'backward': return fn.backward(dy!, x, opts);
      case 'backwardFromOutput': return fn.backwardFromOutput(dy!, x, opts);
    }
  }
  const bx = allocate(n);
  const bo = allocate(n);
  const bd = allocate(n);
  try {
    bx.array.set(x);
    if (dy) bd.array.set(dy);
    const o = { ...opts, out: bo.array };
    switch (mode) {
      case 'forward': fn(bx.array, o); break;
      case 'derivative': fn.derivative(bx.array, o); break;
      case 'backward': fn.backward(bd.array, bx.array, o); break;
      case 'backwardFromOutput': fn.backwardFromOutput(bd.array, bx.array, o); break;
    }
    return bo.array.slice();
  } finally {
    bx.dispose();
    bo.dispose();
    bd.dispose();
  }
}
