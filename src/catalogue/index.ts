// The catalogue: the single source of truth for every activation. A row names the
// activation, its parameters (PyTorch names in camelCase, PyTorch defaults, validation),
// its float64 reference math (used by the js backend) and its wasm kernels
// `<kernel>_forward`, `_derivative`, `_backward`, `_backward_from_output`.
// The public functions, activate(), the docs tables and the tests are driven from here.
// Rows live in files by kinship of their math (rectifiers, sigmoid and tanh, hard,
// shrink, exponential, softplus, self-gated, tanhshrink and softsign; parametric, glu,
// softmax for the structured rows); add a row to its file and list it below.

import type { ElementwiseSpec, ParamValues } from './types.js';
import { relu, leakyRelu } from './rectifiers.js';
import { sigmoid, tanh } from './sigmoid.js';
import { relu6, hardtanh, hardsigmoid, hardswish } from './hard.js';
import { softshrink, hardshrink, threshold } from './shrink.js';
import { elu, selu, celu } from './exponential.js';
import { softplus, logsigmoid } from './softplus.js';
import { silu, mish, gelu } from './selfgated.js';
import { tanhshrink, softsign } from './tanhshrink.js';

export type * from './types.js';
export type * from './structured.js';

/** Every element-wise activation, in documentation order. */
export const ELEMENTWISE: readonly ElementwiseSpec[] = [
  relu, leakyRelu, sigmoid, tanh,
  relu6, hardtanh, hardsigmoid, hardswish, softshrink, hardshrink, threshold,
  elu, selu, celu, softplus, logsigmoid, silu, mish, gelu, tanhshrink, softsign,
];

/** Rows by name and by alias. */
function byName<T extends { readonly name: string; readonly aliases?: readonly string[] }>(rows: readonly T[]): ReadonlyMap<string, T> {
  return new Map(rows.flatMap((s) => [[s.name, s] as const, ...(s.aliases ?? []).map((a) => [a, s] as const)]));
}

/** Lookup by name and alias. */
export const BY_NAME: ReadonlyMap<string, ElementwiseSpec> = byName(ELEMENTWISE);

/** Kernel arguments a, b for parameter values: the row's mapping, or its first two numbers. */
export function kernelArgs(spec: ElementwiseSpec, p: ParamValues): readonly [number, number] {
  if (spec.kernelArgs) return spec.kernelArgs(p);
  const nums = p.filter((v): v is number => typeof v === 'number');
  return [nums[0] ?? 0, nums[1] ?? 0];
}

// ---- activations that are not element-wise (rows, channels, sampled slopes) ----------------

import type { StructuredSpec } from './structured.js';
import { softmax, softmin, logSoftmax } from './softmax.js';
import { glu } from './glu.js';
import { prelu, rrelu } from './parametric.js';

/** The non-element-wise activations, in documentation order. */
export const STRUCTURED: readonly StructuredSpec[] = [prelu, rrelu, glu, softmax, logSoftmax, softmin];

/** Lookup by name and alias over STRUCTURED (BY_NAME holds the element-wise rows). */
export const STRUCTURED_BY_NAME: ReadonlyMap<string, StructuredSpec> = byName(STRUCTURED);

// ---- names activate() accepts ------------------------------------------------------------

import { FRAMEWORK_NAMES, type FrameworkName } from './names.js';

export { FRAMEWORK_NAMES, type Framework, type FrameworkName } from './names.js';

/** What a name activate() accepts runs: a catalogue row, and the option defaults that spelling implies. */
export interface NamedActivation {
  readonly row: ElementwiseSpec | StructuredSpec;
  readonly structured: boolean;
  readonly defaults?: Readonly<Record<string, number | string>>;
}

function named(): Map<string, NamedActivation> {
  const map = new Map<string, NamedActivation>();
  for (const [name, row] of BY_NAME) map.set(name, { row, structured: false });
  for (const [name, row] of STRUCTURED_BY_NAME) map.set(name, { row, structured: true });
  for (const f of FRAMEWORK_NAMES as readonly FrameworkName[]) {
    if (map.has(f.name)) throw new Error(`catalogue: framework name ${f.name} is already a name of the package`);
    const row = BY_NAME.get(f.target) ?? STRUCTURED_BY_NAME.get(f.target);
    if (!row) throw new Error(`catalogue: framework name ${f.name} runs unknown ${f.target}`);
    map.set(f.name, { row, structured: !BY_NAME.has(f.target), defaults: f.defaults });
  }
  return map;
}

/** Every name activate() accepts: the package's names and aliases, then the framework spellings. */
export const NAMED: ReadonlyMap<string, NamedActivation> = named();
