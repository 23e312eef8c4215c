// Options, read once. An options object is read exactly once per call: its own
// enumerable properties, each property read one time (a getter runs once), into a plain
// record that validation, the parameter caches and the kernels all use. Inherited
// properties are ignored (a polluted Object.prototype changes nothing). The value
// parsers below are the only ones in the package.

import { describe, rangeError, typeError } from '../errors.js';
import { isArray, isView, objectKeys } from './intrinsics.js';

/** The options of a call as read: own properties that were given (not undefined). */
export type OptionValues = Readonly<Record<string, unknown>>;

/**
 * The prototype of every options record: frozen and with a null prototype itself, so a
 * record never inherits anything (Object.prototype included), yet each record is an
 * ordinary fast object (a null-prototype object would be a slow dictionary).
 */
const RECORD: object = Object.freeze(Object.create(null) as object);

export const NO_OPTIONS: OptionValues = Object.freeze(Object.create(RECORD) as Record<string, unknown>);

/** Throws a TypeError unless `opts` is undefined or an options object. */
export function checkOptionsObject(fn: string, opts: unknown, name = 'opts'): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || isArray(opts) || isView(opts)) {
    throw typeError(fn, `${name} must be an object; got ${describe(opts)}`);
  }
}

/**
 * Reads `opts` once: every own enumerable property must be one of `known` (a TypeError
 * lists them otherwise); each is read one time. Undefined values count as not given.
 */
export function readOptions(fn: string, opts: unknown, known: ReadonlySet<string>, name = 'opts'): OptionValues {
  if (opts === undefined) return NO_OPTIONS;
  checkOptionsObject(fn, opts, name);
  const keys = objectKeys(opts as object);
  if (keys.length === 0) return NO_OPTIONS;
  const values = Object.create(RECORD) as Record<string, unknown>;
  for (const key of keys) {
    if (!known.has(key)) {
      const takes = known.size ? [...known].join(', ') : 'no options';
      throw typeError(fn, `unknown option ${describe(key)}; ${fn} takes ${takes}`);
    }
    const v = (opts as Record<string, unknown>)[key];
    if (v !== undefined) values[key] = v;
  }
  return values;
}

/** Rules for a number option. */
export interface NumberRule {
  /** Infinity is rejected too. */
  readonly finite?: boolean;
  /** Why an (otherwise valid) value is not allowed, or undefined. */
  readonly check?: (v: number) => string | undefined;
}

/**
 * A number option as the computation will use it: TypeError for a non-number, RangeError
 * for NaN and for what the rule rejects. With `single` (float32 data) the value is
 * rounded to float32 first, as the kernels see it, and the rule judges the rounded value:
 * a finite number that overflows float32 is Infinity there.
 */
export function parseNumber(fn: string, name: string, v: unknown, rule: NumberRule, single: boolean): number {
  if (typeof v !== 'number') throw typeError(fn, `${name} must be a number; got ${describe(v)}`);
  if (v !== v) throw rangeError(fn, `${name} must not be NaN`);
  const used = single ? Math.fround(v) : v;
  const got = used === v ? describe(v) : `${describe(v)} (${describe(used)} in float32)`;
  if (rule.finite && !Number.isFinite(used)) throw rangeError(fn, `${name} must be finite; got ${got}`);
  const why = rule.check?.(used);
  if (why) throw rangeError(fn, `${name} ${why}; got ${got}`);
  return used;
}

/** An integer in [lo, hi]: TypeError for a non-number, RangeError otherwise. */
export function parseInteger(fn: string, name: string, v: unknown, lo: number, hi: number, what?: string): number {
  if (typeof v !== 'number') throw typeError(fn, `${name} must be a number; got ${describe(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw rangeError(fn, `${name} must be ${what ?? `an integer in [${lo}, ${hi}]`}; got ${describe(v)}`);
  }
  return v;
}

export function parseBoolean(fn: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw typeError(fn, `${name} must be a boolean; got ${describe(v)}`);
  return v;
}

export function parseChoice<T extends string>(fn: string, name: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw typeError(fn, `${name} must be one of ${choices.map((c) => describe(c)).join(', ')}; got ${describe(v)}`);
  }
  return v as T;
}

/**
 * `opts` with `defaults` filled in where the caller gave nothing (activate()'s framework
 * spellings): the caller's own enumerable properties are read once into a plain object,
 * which the function then validates as usual. Without defaults, `opts` itself.
 */
export function withDefaults(fn: string, opts: unknown, defaults: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!defaults) return opts;
  checkOptionsObject(fn, opts);
  const merged: Record<string, unknown> = {};
  if (opts !== undefined) for (const key of objectKeys(opts as object)) merged[key] = (opts as Record<string, unknown>)[key];
  for (const key of objectKeys(defaults)) if (merged[key] === undefined) merged[key] = defaults[key];
  return merged;
}

/** Most dimensions a shape may have (PyTorch's limit is 64 too). */
const MAX_RANK = 64;

/**
 * A shape: an Array of non-negative safe integers, read once (its length, then each
 * element), into a frozen array of the package's own.
 */
export function readShape(fn: string, v: unknown): readonly number[] {
  if (!isArray(v)) throw typeError(fn, `shape must be an array of dimension sizes; got ${describe(v)}`);
  const n = (v as unknown[]).length;
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= MAX_RANK)) throw rangeError(fn, `shape must have 1 to ${MAX_RANK} dimensions; got ${n}`);
  const dims: number[] = [];
  for (let i = 0; i < n; i++) dims.push(parseInteger(fn, `shape[${i}]`, (v as unknown[])[i], 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer'));
  return Object.freeze(dims);
}
