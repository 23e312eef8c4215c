// The slope generator of rrelu's training mode: counter-based, so the slope of element i
// depends only on (seed, i). It is random access (any chunking, any backend gives the
// same slopes), stateless and fast in plain JavaScript.
//
//   k1, k2 = keys derived from the seed (a non-negative safe integer) by mix32
//   h_i    = mix32((mix32((i mod 2^32) ^ k1 ^ hi(i)) + k2) mod 2^32),  hi(i) = mix32(floor(i / 2^32))
//   u_i    = (h_i >>> 8) · 2^-24            uniform on the 2^24 points of [0, 1)
//   slope  = lower + (upper - lower) · u_i  (rounded to float32 for float32 data)
//
// mix32 is Chris Wellons' "lowbias32" integer hash (hash-prospector), a bijection of the
// 32-bit integers with low avalanche bias; two rounds with independent keys decorrelate
// neighbouring counters. Not cryptographic.

import type { FloatArray, Generated } from '../backends/backend.js';

/** lowbias32: xorshift-multiply mixing, a bijection on 32-bit integers. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A fresh seed when the caller gives none (training without a seed is not reproducible, as in PyTorch). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 53);
}

/** The two keys of a seed. */
function keys(seed: number): [number, number] {
  const lo = seed % 2 ** 32;
  const hi = Math.floor(seed / 2 ** 32);
  const k1 = (mix32(lo ^ 0x9e3779b9) ^ mix32(hi + 0x7f4a7c15)) >>> 0;
  return [k1, mix32(k1 + 0x632be5ab)];
}

/** h_i of the header comment for one element (the reference form of the inlined loop below). */
export function hashAt(seed: number, i: number): number {
  const [k1, k2] = keys(seed);
  const ih = i >= 2 ** 32 ? mix32(Math.floor(i / 2 ** 32)) : 0;
  return mix32((mix32((i ^ k1 ^ ih) >>> 0) + k2) >>> 0);
}

/** Slopes lower + (upper - lower)·u_i as a generated operand (float32-rounded if `single`). */
export function sampledSlopes(seed: number, lower: number, upper: number, length: number, single: boolean): Generated {
  const [k1, k2] = keys(seed);
  const span = upper - lower;
  const scale = span * 2 ** -24;
  return {
    length,
    recipe: { name: 'sampledSlopes', args: [seed, lower, upper, length, single] },
    fill(dst: FloatArray, start: number): void {
      const n = dst.length;
      // A Float32Array destination rounds on store; a Float64Array one (js backend) needs fround.
      const round = single && !(dst instanceof Float32Array);
      for (let k = 0; k < n;) {
        // Elements sharing the high word of their index: ih is constant over the run.
        const i0 = start + k;
        const ih = i0 >= 2 ** 32 ? mix32(Math.floor(i0 / 2 ** 32)) : 0;
        const end = Math.min(n, (Math.floor(i0 / 2 ** 32) + 1) * 2 ** 32 - start);
        const key = (k1 ^ ih) >>> 0;
        for (; k < end; k++) {
          let h = (start + k) ^ key;
          h ^= h >>> 16;
          h = Math.imul(h, 0x7feb352d);
          h ^= h >>> 15;
          h = Math.imul(h, 0x846ca68b);
          h ^= h >>> 16;
          h = (h >>> 0) + k2;
          h ^= h >>> 16;
          h = Math.imul(h, 0x7feb352d);
          h ^= h >>> 15;
          h = Math.imul(h, 0x846ca68b);
          h ^= h >>> 16;
          const v = lower + scale * (h >>> 8);
          dst[k] = round ? Math.fround(v) : v;
        }
      }
    },
  };
}
