// The error-path check shared by the error tests: the right error class, a message that
// matches, and nothing written (out and the inputs keep their contents).

import { expect } from 'vitest';

export const SENTINEL = 123.5;

/** Expects `call(out)` to throw `kind` matching `message`, with out and the inputs unchanged. */
export function rejects(
  kind: typeof TypeError | typeof RangeError, message: RegExp, call: (out: Float32Array) => unknown,
  inputs: Float32Array[] = [], outLength = 8,
): void {
  const out = new Float32Array(outLength).fill(SENTINEL);
  const before = inputs.map((a) => a.slice());
  let error: unknown;
  try {
    call(out);
  } catch (e) {
    error = e;
  }
  expect(error, String(message)).toBeInstanceOf(kind);
  expect((error as Error).message).toMatch(message);
  expect(out.every((v) => v === SENTINEL)).toBe(true);
  inputs.forEach((a, i) => expect(a).toEqual(before[i]));
}
