// Dense float32 test inputs: every magnitude, the special values, and a fine grid
// over the range where activations do their interesting work.

import { fromBits } from './ulp.js';
// @ts-expect-error plain ESM module without types
import { mulberry32 as prng } from '../../bench/inputs.mjs';

/** Deterministic PRNG (mulberry32), the benchmark's. */
export const mulberry32: (seed: number) => () => number = prng;

export const FLT_MAX = fromBits(0x7f7fffff);
export const FLT_MIN = 2 ** -126;
export const FLT_TRUE_MIN = 2 ** -149;

/** Special values every function is checked on. */
export const SPECIALS: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN,
  FLT_TRUE_MIN, -FLT_TRUE_MIN, fromBits(0x007fffff), -fromBits(0x007fffff), FLT_MIN, -FLT_MIN,
  FLT_MAX, -FLT_MAX, 1, -1, 0.5, -0.5, 1e-8, -1e-8, 1e-20, -1e-20,
  // saturation and branch points of the kernels (exp range, tanh switch, sigmoid limits)
  88.72283, -88.72283, 87.33655, -87.33655, 103.97, -103.97, 104, -104, 17.32868, -17.32868,
  9.01, -9.01, 0.625, -0.625, 0.6249999, -0.6249999, 20, -20, 3, -3, 6, -6,
];


/**
 * ≥ 100k float32 inputs: a stride through all finite bit patterns of both signs (every
 * exponent), a dense grid on [-20, 20], a finer one on [-1, 1], extra points in
 * [-110, 110], and the specials.
 */
export function denseInputs(): Float32Array {
  const values: number[] = [...SPECIALS];
  const stride = 40503; // odd, so the low mantissa bits vary
  for (let bits = 0; bits < 0x7f800000; bits += stride) {
    values.push(fromBits(bits), -fromBits(bits));
  }
  for (let i = 0; i <= 40000; i++) values.push(-20 + (40 * i) / 40000);
  for (let i = 0; i <= 20000; i++) values.push(-1 + (2 * i) / 20000);
  const rand = mulberry32(7);
  for (let i = 0; i < 20000; i++) values.push((rand() * 2 - 1) * 110);
  return Float32Array.from(values);
}

/** Upstream gradients for backward tests: mostly ordinary values, some specials. */
export function gradients(n: number, seed = 11): Float32Array {
  const rand = mulberry32(seed);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) dy[i] = (rand() * 2 - 1) * 4;
  const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e30, -1e-30];
  for (let i = 0; i < specials.length && i < n; i++) dy[(i * 7919) % n] = specials[i]!;
  return dy;
}
