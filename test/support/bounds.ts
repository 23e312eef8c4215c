// The accuracy contract (README, Accuracy) as checks. Each check returns the error measure
// (ULP, or a scaled absolute error where the contract allows one) and whether it holds.

import type { Accuracy } from '../../src/catalogue/index.js';
import { ulpError } from './ulp.js';

export interface Verdict {
  ok: boolean;
  /** ULPs against the float64 reference (Infinity for a wrong special value). */
  ulp: number;
  abs: number;
}

/** NaN and infinite references must be matched exactly: a verdict, or undefined if finite. */
function special(got: number, ref: number): Verdict | undefined {
  const r = Math.fround(ref);
  if (Number.isFinite(r)) return Number.isNaN(got) ? { ok: false, ulp: Infinity, abs: Infinity } : undefined;
  const ok = Number.isNaN(r) ? Number.isNaN(got) : got === r;
  return { ok, ulp: ok ? 0 : Infinity, abs: ok ? 0 : Infinity };
}

/** Forward values. */
export function checkForward(accuracy: Accuracy, got: number, ref: number): Verdict {
  const s = special(got, ref);
  if (s) return s;
  const u = ulpError(got, ref);
  const abs = Math.abs(got - ref);
  const r = Math.abs(ref);
  switch (accuracy) {
    case 'exact':
      return { ok: got === Math.fround(ref), ulp: u, abs };
    case 'hard':
      return { ok: u <= 2, ulp: u, abs };
    case 'smooth':
      return { ok: r >= 2 ** -126 ? u <= 3 : abs <= 2 ** -126, ulp: u, abs };
    case 'tail':
      return { ok: r >= 2 ** -20 ? u <= 4 : abs <= 2 ** -40, ulp: u, abs };
  }
}

/** Derivatives (dy = 1) and backward results (dy given). */
export function checkGradient(accuracy: Accuracy, got: number, ref: number, dy = 1): Verdict {
  const s = special(got, ref);
  if (s) return s;
  const u = ulpError(got, ref);
  const abs = Math.abs(got - ref);
  if (accuracy === 'exact') return { ok: got === Math.fround(ref), ulp: u, abs };
  return { ok: u <= 4 || abs <= 2 ** -24 * Math.max(1, Math.abs(dy)), ulp: u, abs };
}
