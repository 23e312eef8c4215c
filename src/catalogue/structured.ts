// Catalogue rows for the activations that are not element-wise: the softmax family and
// glu (row-wise), prelu (per-channel slopes) and rrelu (sampled slopes). Like the
// element-wise rows they name the function, its options (PyTorch names in camelCase,
// PyTorch defaults, validation), its docs text and its float64 math; the public
// functions, activate(), the docs and the tests are built from them.

import type { FloatArray, RowsFn } from '../backends/backend.js';
import { describe, rangeError, typeError } from '../errors.js';

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
  readonly doc: string;
  /** Methods that take the option (default: every method of the row). */
  readonly methods?: readonly Method[];
  /** Validates a given (not undefined) value; throws a TypeError / RangeError naming it. */
  readonly parse: (fn: string, v: unknown) => unknown;
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
  /** Where the definition differs from PyTorch or needs a convention. */
  readonly notes?: string;
}

/** softmax, softmin, logSoftmax: rows in, rows of the same length out. */
export interface SoftmaxSpec extends Base {
  readonly kind: 'softmax';
  /** wasm export prefix: `<kernel>_rows…` and the long-row pieces. */
  readonly kernel: 'softmax' | 'softmin' | 'logSoftmax';
  readonly js: { readonly forward: RowsFn; readonly backward: RowsFn; readonly fromOutput: RowsFn };
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

/** Checks a positive integer option (TypeError for a non-number, RangeError otherwise). */
function positiveInteger(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw typeError(fn, `${name} must be a number; got ${describe(v)}`);
  if (!Number.isInteger(v) || v < 1) throw rangeError(fn, `${name} must be a positive integer; got ${describe(v)}`);
  return v;
}

/** rowLength: a positive integer dividing the length (checked by the caller); default the whole array. */
export function rowLengthOption(doc: string): OptionSpec {
  return {
    name: 'rowLength',
    type: 'positive integer',
    default: 'the whole array',
    doc,
    parse: (fn, v) => positiveInteger(fn, 'rowLength', v),
  };
}

/** A finite number. */
export function numberOption(name: string, value: number, defaultText: string, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'finite number', default: defaultText, value, doc, methods,
    parse: (fn, v) => {
      if (typeof v !== 'number') throw typeError(fn, `${name} must be a number; got ${describe(v)}`);
      if (Number.isNaN(v)) throw rangeError(fn, `${name} must not be NaN`);
      if (!Number.isFinite(v)) throw rangeError(fn, `${name} must be finite; got ${describe(v)}`);
      return v;
    },
  };
}

export function booleanOption(name: string, value: boolean, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'boolean', default: String(value), value, doc, methods,
    parse: (fn, v) => {
      if (typeof v !== 'boolean') throw typeError(fn, `${name} must be a boolean; got ${describe(v)}`);
      return v;
    },
  };
}

export function choiceOption(name: string, choices: readonly string[], doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: choices.map((c) => `'${c}'`).join(' | '), default: `'${choices[0]}'`, value: choices[0], doc, methods,
    parse: (fn, v) => {
      if (typeof v !== 'string' || !choices.includes(v)) {
        throw typeError(fn, `${name} must be one of ${choices.map((c) => describe(c)).join(', ')}; got ${describe(v)}`);
      }
      return v;
    },
  };
}

/** A positive integer with a numeric default. */
export function integerOption(name: string, value: number, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'positive integer', default: String(value), value, doc, methods,
    parse: (fn, v) => positiveInteger(fn, name, v),
  };
}

/** A Float32Array or Float64Array (its length and type are checked against x by the caller). */
export function arrayOption(name: string, doc: string, methods?: readonly Method[]): OptionSpec {
  return {
    name, type: 'Float32Array | Float64Array', default: 'none', doc, methods,
    parse: (fn, v) => {
      if (!(v instanceof Float32Array) && !(v instanceof Float64Array)) {
        throw typeError(fn, `${name} must be a Float32Array or Float64Array; got ${describe(v)}`);
      }
      return v as FloatArray;
    },
  };
}
