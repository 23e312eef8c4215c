// A call in two steps: prepare (read and validate everything the caller passed; the only
// step where caller code — option getters, Proxy traps — can run) and run (compute; no
// caller code runs, so nothing can change underneath). The public functions do both at
// once; the worker pool prepares when it is called and runs later, re-checking the arrays.

import type { ArrayArg } from './args/arrays.js';

export interface Prepared {
  /** Elements of the longest array operand (the pool's threshold for going parallel). */
  readonly size: number;
  /** The array operands as read, for a re-check before a deferred run. */
  readonly arrays: readonly ArrayArg[];
  /** Computes and returns the result. */
  run(): unknown;
}

export type Preparer = (args: readonly unknown[]) => Prepared;

const PREPARERS = new WeakMap<object, Preparer>();

/** Makes `prepare` the preparer of the public function (or method) `f`. */
export function definePreparer<F extends object>(f: F, prepare: Preparer): F {
  PREPARERS.set(f, prepare);
  return f;
}

/** The preparer of a public function or method of this package. */
export function preparerOf(f: unknown): Preparer | undefined {
  return typeof f === 'function' ? PREPARERS.get(f) : undefined;
}
