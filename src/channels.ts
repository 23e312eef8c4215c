// Per-channel values over flattened tensors, shared by prelu's weight and the bias
// epilogue: the channel geometry of a call (checked against x's length), the values
// expanded per element on demand, and per-channel sums (weight and bias gradients).
//
// Layouts: channelsFirst = (N, C, *) flattened, element i in channel floor(i / inner) mod C
// with inner = innerSize (the product of the * dims); channelsLast = (…, C), inner = 1.

import type { FloatArray, Generated } from './backends/backend.js';
import { rangeError } from './errors.js';

export type Layout = 'channelsFirst' | 'channelsLast';

/** C channels, each a run of `inner` elements, repeating over the array. */
export interface Channels {
  readonly count: number;
  readonly inner: number;
}

/**
 * The channels of `count` per-channel values (`what`: "weight", "bias") over n elements,
 * or RangeError where n is not whole periods of them. One value (a number) is one channel
 * spanning everything.
 */
export function channelsOf(fn: string, what: string, count: number | undefined, layout: Layout, innerSize: number, n: number): Channels {
  if (layout === 'channelsLast' && innerSize !== 1) {
    throw rangeError(fn, `innerSize applies to layout 'channelsFirst' only; got innerSize ${innerSize} with 'channelsLast'`);
  }
  if (count === undefined) return { count: 1, inner: Math.max(n, 1) };
  const inner = layout === 'channelsLast' ? 1 : innerSize;
  if (n % (count * inner) !== 0) {
    throw rangeError(fn, layout === 'channelsLast'
      ? `x has length ${n}, not a multiple of the ${count} channels of ${what} (channelsLast)`
      : `x has length ${n}, not a multiple of C·innerSize = ${count}·${inner} (${what} length × innerSize)`);
  }
  return { count, inner };
}

/** Per-channel values expanded per element, with what they expand (backends may use it instead). */
export interface ChannelValues extends Generated {
  /** The C values (float32 for float32 data), a copy taken when the operand was made. */
  readonly values: FloatArray;
  readonly inner: number;
}

/**
 * Element i gets w[floor(i / inner) mod C] (float32-rounded for float32 data): long runs
 * filled value by value, short periods from one expanded pattern copied block by block.
 */
export function channelValues(w: FloatArray, inner: number, length: number, single: boolean): ChannelValues {
  const C = w.length;
  const vals = single ? Float32Array.from(w) : Float64Array.from(w);
  const recipe = { name: 'channelValues', args: [vals, inner, length, single] } as const;
  const base = { length, values: vals, inner, recipe };
  if (inner >= 64) {
    return {
      ...base,
      fill(dst, start) {
        for (let k = 0; k < dst.length;) {
          const run = Math.floor((start + k) / inner);
          const end = Math.min(dst.length, (run + 1) * inner - start);
          dst.fill(vals[run % C]!, k, end);
          k = end;
        }
      },
    };
  }
  const period = C * inner;
  const pattern = new (single ? Float32Array : Float64Array)(period * Math.max(1, Math.ceil(4096 / period)));
  for (let i = 0; i < pattern.length; i++) pattern[i] = vals[Math.floor(i / inner) % C]!;
  return {
    ...base,
    fill(dst, start) {
      let phase = start % period;
      for (let k = 0; k < dst.length; phase = 0) {
        const take = Math.min(dst.length - k, pattern.length - phase);
        dst.set(pattern.subarray(phase, phase + take), k);
        k += take;
      }
    },
  };
}

/**
 * Float64 accumulators of per-channel sums (sums[c] += every element of channel c) and
 * what to do with them once the last element is in: the backend calls `write` then.
 */
export interface ChannelSums extends Channels {
  readonly sums: Float64Array;
  readonly write: () => void;
}

/** Adds src[k], element `start + k` of the whole array, into its channel's sum. */
export function addChannelSums(src: ArrayLike<number>, start: number, acc: ChannelSums): void {
  const { sums, count, inner } = acc;
  const n = src.length;
  let run = Math.floor(start / inner);
  let c = run % count;
  for (let k = 0; k < n;) {
    const end = Math.min(n, (run + 1) * inner - start);
    let s = 0;
    for (; k < end; k++) s += src[k]!;
    sums[c] = sums[c]! + s;
    run++;
    c = c + 1 === count ? 0 : c + 1;
  }
}
