// Catalogue rows for the activations that are not element-wise: the softmax family and
// glu (row-wise), prelu (per-channel slopes) and rrelu (sampled slopes). Like the
// element-wise rows they name the function, its options (PyTorch names in camelCase,
// PyTorch defaults, validation), its docs text and its float64 math; the public
// functions, activate(), the docs and the tests are built from them.

import { readArray } from '../args/arrays.js';
import { parseBoolean, parseChoice, parseInteger, parseNumber, readShape } from '../args/options.js';
import type { RowsFn, StridedFn } from '../backends/backend.js';

export type StructuredKind = 'softmax' | 'glu' | 'prelu' | 'rrelu';

/** The methods of an activation's public function (`forward` is the call itself). */
export type Method = 'forward' | 'backward' | 'backwardFromOutput' | 'derivative' | 'weightGradient';

/** One option: docs, the methods that take it, and its validation. */
export interface OptionSpec {
  readonly name: string;
  /** Accepted values, in words (docs). */
  readonly type: string;
  /** The default, in words (docs); `value` holds it where it is a value. */
  readonly default: string;
  readonly value?: unknown;
  /** The caller must pass it (the types require it; the function throws a TypeError without it). */
  readonly required?: boolean;
  /**
   * Options of one group are passed together, and a call passes at most one group (the
   * softmax family's rowLength, or shape and dim). `required` then means required when
   * the group is chosen.
   */
  readonly group?: string;
  readonly doc: string;
  /** Methods that take the option (default: every method of the row). */
  readonly methods?: readonly Method[];
  /**
   * Validates a given (not undefined) value; throws a TypeError / RangeError naming it.
   * `single`: the call's data is float32 (numbers are used float32-rounded). Arrays come
   * back as the argument layer's ArrayArg.
   */
  readonly parse: (fn: string, v: unknown, ctx: { readonly single: boolean }) => unknown;
}

interface Base {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Family heading in the docs. */
  readonly family: string;
  readonly formula: string;
  /** The gradient, in words. */
  readonly gradient: string;
  readonly options: readonly OptionSpec[];
  /** The methods it has; the others throw a TypeError that says what to use. */
  readonly methods: readonly Method[];
  /** Accuracy contract, in words (docs; the tests hold it). */
  readonly accuracy: string;
  /** How the derivative is defined at kinks (PyTorch's choice); none where the function is smooth. */
  readonly kink?: string;
  /** Where the definition differs from PyTorch or needs a convention. */
  readonly notes?: string;
}

/** softmax, softmin, logSoftmax: rows in, rows of the same length out. */
export interface SoftmaxSpec extends Base {
  readonly kind: 'softmax';
  /** wasm export prefix: `<kernel>_rows…` and the long-row pieces. */
  readonly kernel: 'softmax' | 'softmin' | 'logSoftmax';
  readonly js: {
    readonly forward: RowsFn; readonly backward: RowsFn; readonly fromOutput: RowsFn;
    /** The same over a middle dimension ([slabs, size, inner], reduced over size). */
    readonly stridedForward: StridedFn; readonly stridedBackward: StridedFn; readonly stridedFromOutput: StridedFn;
  };
}

/** glu: rows of 2h in, rows of h out. */
export interface GluSpec extends Base {
  readonly kind: 'glu';
  readonly js: { readonly forward: RowsFn; readonly backward: RowsFn };
  /** Per-element float64 math for rows longer than the wasm scratch: y, da, db of (a, b). */
  readonly pair: {
    readonly forward: (a: number, b: number) => number;
    readonly gradA: (g: number, a: number, b: number) => number;
    readonly gradB: (g: number, a: number, b: number) => number;
  };
}

/** prelu and rrelu: leakyRelu with a slope per channel or per element. */
export interface SlopeSpec extends Base {
  readonly kind: 'prelu' | 'rrelu';
}

export type StructuredSpec = SoftmaxSpec | GluSpec | SlopeSpec;

// ---- option constructors -----------------------------------------------------------------
// Values are parsed by the argument layer's parsers (src/args/), the package's only ones.

/** rowLength: a positive integer dividing the length (checked by the caller); default the whole array. */
export function rowLengthOption(doc: string): OptionSpec {
  return {
    name: 'rowLength',
    type: 'positive integer',
    default: 'the whole array',
    doc,
    parse: (fn, v) => parseInteger(fn, 'rowLength', v, 1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
  };
}

/** A finite number (float32-rounded for float32 data, and checked as rounded). */
export function numberOption(name: string, value: number, defaultText: string, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'finite number', default: defaultText, value, doc, methods,
    parse: (fn, v, ctx) => parseNumber(fn, name, v, { finite: true }, ctx.single),
  };
}

export function booleanOption(name: string, value: boolean, doc: string, methods?: readonly Method[]): OptionSpec {
  return { name, type: 'boolean', default: String(value), value, doc, methods, parse: (fn, v) => parseBoolean(fn, name, v) };
}

export function choiceOption(name: string, choices: readonly string[], doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: choices.map((c) => `'${c}'`).join(' | '), default: `'${choices[0]}'`, value: choices[0], doc, methods,
    parse: (fn, v) => parseChoice(fn, name, v, choices),
  };
}

/** A positive integer with a numeric default. */
export function integerOption(name: string, value: number, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'positive integer', default: String(value), value, doc, methods,
    parse: (fn, v) => parseInteger(fn, name, v, 1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
  };
}

/** A Float32Array or Float64Array, read once (its length and type are checked against x by the caller). */
export function arrayOption(name: string, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'Float32Array | Float64Array', default: 'none', doc, methods,
    parse: (fn, v) => readArray(fn, name, v),
  };
}

/** A row-major shape: an array of non-negative safe integers, read once. */
export function shapeOption(doc: string): OptionSpec {
  return {
    name: 'shape', type: 'array of non-negative integers', default: 'none', group: 'shape', required: true, doc,
    parse: (fn, v) => readShape(fn, v),
  };
}

/** A dimension of `shape`, negative counting from the end (PyTorch's dim). */
export function dimOption(doc: string): OptionSpec {
  return {
    name: 'dim', type: 'integer', default: 'none', group: 'shape', required: true, doc,
    parse: (fn, v) => parseInteger(fn, 'dim', v, -(2 ** 31), 2 ** 31 - 1, 'an integer'),
  };
}
