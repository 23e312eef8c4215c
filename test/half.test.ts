// The half ↔ single conversion kernels (assembly/half.ts) of every wasm build, against
// exact references written here from the IEEE 754 definitions: every one of the 65 536
// half bit patterns widened, and float32 values narrowed at every rounding boundary of
// half precision plus a large random sample of float32 bit patterns. The SIMD, relaxed
// SIMD and scalar builds must give the very same bits. (No Float16Array is needed: the
// kernels work on bits, so this runs on Node 20 too.)

import { describe, expect, it } from 'vitest';
import { decode, writeConstants } from '../src/backends/constants.js';
import relaxedHex from '../src/generated/wasm-relaxed.js';
import simdHex from '../src/generated/wasm-simd.js';
import scalarHex from '../src/generated/wasm-scalar.js';
import { mulberry32 } from './support/inputs.js';

const BUILDS: Record<string, string> = {
  simd: simdHex, scalar: scalarHex, ...(WebAssembly.validate(decode(relaxedHex)) ? { relaxed: relaxedHex } : {}),
};
type Kernel = (src: number, dst: number, n: number) => void;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOfSingle = (v: number): number => ((f32[0] = v), u32[0]!);
const single = (bits: number): number => ((u32[0] = bits >>> 0), f32[0]!);

/** The value of a half bit pattern (NaN for every NaN). */
function halfValue(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (e === 0 ? m * 2 ** -24 : (1024 + m) * 2 ** (e - 25));
}

/**
 * The half bits of a float32 value rounded to nearest, ties to even (exact: the value has
 * at most 24 significant bits, so every step below is exact in float64).
 */
function halfOf(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65520) return sign | 0x7c00; // halfway between 65504 and 2^16 and beyond: ±Infinity
  const quantum = 2 ** (exponentOf(a) - 10); // the spacing of halves at a
  let k = Math.floor(a / quantum);
  const frac = a / quantum - k;
  if (frac > 0.5 || (frac === 0.5 && k % 2 === 1)) k++;
  const q = k * quantum; // the rounded magnitude (k·quantum may reach the next binade)
  if (q < 2 ** -14) return sign | (q / 2 ** -24);
  const e = exponentOf(q);
  return sign | ((e + 15) << 10) | (q / 2 ** (e - 10) - 1024);
}

/** The exponent of a ≥ 0 in half precision: floor(log2 a), at least -14 (the subnormals' quantum). */
function exponentOf(a: number): number {
  let e = -14;
  while (e < 15 && 2 ** (e + 1) <= a) e++;
  return e;
}

function instantiate(hex: string): { toSingle: Kernel; toHalf: Kernel; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 256 });
  writeConstants(memory);
  const e = new WebAssembly.Instance(new WebAssembly.Module(decode(hex)), { env: { memory } }).exports as Record<string, Kernel>;
  return { toSingle: e.half_to_single!, toHalf: e.single_to_half!, memory };
}

const SRC = 1 << 20; // byte addresses in the test's own 16 MiB memory: room for 2^21 floats from each
const DST = 9 << 20;

/** Widens halves with a build: out of place, or in place (halves staged in the upper half of the float slot). */
function widen(hex: string, halves: Uint16Array, inPlace: boolean): Uint32Array {
  const { toSingle, memory } = instantiate(hex);
  const n = halves.length;
  const dst = DST;
  const src = inPlace ? dst + 2 * n : SRC;
  new Uint16Array(memory.buffer, src, n).set(halves);
  toSingle(src, dst, n);
  return new Uint32Array(memory.buffer, dst, n).slice();
}

/** Narrows float32 bit patterns with a build: out of place, or in place at the slot's start. */
function narrow(hex: string, singles: Uint32Array, inPlace: boolean): Uint16Array {
  const { toHalf, memory } = instantiate(hex);
  const n = singles.length;
  new Uint32Array(memory.buffer, SRC, n).set(singles);
  const dst = inPlace ? SRC : DST;
  toHalf(SRC, dst, n);
  return new Uint16Array(memory.buffer, dst, n).slice();
}

const ALL_HALVES = Uint16Array.from({ length: 65536 }, (_, i) => i);

/** float32 bit patterns at and around every rounding boundary of half precision. */
function boundaries(): Uint32Array {
  const out: number[] = [];
  const near = (v: number): void => {
    const b = bitsOfSingle(v);
    for (let d = -2; d <= 2; d++) out.push((b + d) >>> 0, (b + d) ^ 0x80000000);
  };
  for (let h = 0; h < 0x7c00; h++) {
    const v = halfValue(h);
    near(v); // the half itself
    const next = halfValue(h + 1);
    near((v + next) / 2); // the tie above it (exact in float32)
  }
  for (const v of [0, 65504, 65519.99, 65520, 65536, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -26, 2 ** -14, 2 ** -14 - 2 ** -25]) near(v);
  // ±Infinity, NaNs with payloads (quiet and signalling), the largest float32, float32 subnormals.
  out.push(0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fbfffff, 0x7fc02000, 0x7fffe000, 0x7f802000);
  out.push(0x7f7fffff, 0xff7fffff, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000);
  return Uint32Array.from(out);
}

function randomSingles(n: number): Uint32Array {
  const rand = mulberry32(16);
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // Half of them uniform over all bit patterns, half within half precision's exponent range.
    a[i] = i % 2 ? (rand() * 2 ** 32) >>> 0 : (((rand() * 2 ** 32) >>> 0) & 0x80ffffff) | (((0x5c + Math.floor(rand() * 0x1e)) << 23) >>> 0);
  }
  return a;
}

/** First mismatches, readably. */
function mismatches(got: ArrayLike<number>, want: (i: number) => number | undefined, input: ArrayLike<number>, width: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < got.length && bad.length < 5; i++) {
    const w = want(i);
    if (w !== undefined && got[i] !== w) bad.push(`0x${input[i]!.toString(16).padStart(width, '0')} → 0x${got[i]!.toString(16)}, expected 0x${w.toString(16)}`);
  }
  return bad;
}

describe('half_to_single', () => {
  const expected = (i: number): number => {
    const h = ALL_HALVES[i]!;
    const v = halfValue(h);
    if (!Number.isNaN(v)) return bitsOfSingle(v); // (-0 included)
    // NaN: quiet, same sign, the 9 payload bits below the quiet bit moved up by 13.
    return ((h & 0x8000) << 16 | 0x7fc00000 | (h & 0x1ff) << 13) >>> 0;
  };
  for (const [build, hex] of Object.entries(BUILDS)) {
    for (const inPlace of [false, true]) {
      it(`${build} build, ${inPlace ? 'in place' : 'out of place'}: all 65 536 halves exactly`, () => {
        const got = widen(hex, ALL_HALVES, inPlace);
        expect(mismatches(got, expected, ALL_HALVES, 4)).toEqual([]);
      });
    }
  }
  it('every build gives the same bits', () => {
    const all = Object.values(BUILDS).map((hex) => widen(hex, ALL_HALVES, false));
    for (const got of all) expect(got).toEqual(all[0]);
  });
});

describe('single_to_half', () => {
  const cases: [string, Uint32Array][] = [['rounding boundaries', boundaries()], ['2^20 random float32 bit patterns', randomSingles(1 << 20)]];
  const expected = (input: Uint32Array) => (i: number): number => {
    const b = input[i]!;
    const v = single(b);
    if (!Number.isNaN(v)) return halfOf(v);
    // NaN: the quiet NaN 0x7e00 with the same sign (whatever the payload).
    return ((b >>> 16) & 0x8000) | 0x7e00;
  };
  for (const [build, hex] of Object.entries(BUILDS)) {
    for (const [what, input] of cases) {
      for (const inPlace of [false, true]) {
        it(`${build} build, ${what}, ${inPlace ? 'in place' : 'out of place'}: rounded to nearest even`, () => {
          expect(mismatches(narrow(hex, input, inPlace), expected(input), input, 8)).toEqual([]);
        });
      }
    }
  }
  it('every build gives the same bits', () => {
    const input = randomSingles(1 << 18);
    const all = Object.values(BUILDS).map((hex) => narrow(hex, input, false));
    for (const got of all) expect(got).toEqual(all[0]);
  });
  it('round trip: every non-NaN half widened and narrowed is itself', () => {
    for (const hex of Object.values(BUILDS)) {
      const back = narrow(hex, widen(hex, ALL_HALVES, false), false);
      expect(mismatches(back, (i) => (Number.isNaN(halfValue(i)) ? undefined : i), ALL_HALVES, 4)).toEqual([]);
    }
  });
  // The engine's own conversion (Float16Array, where it exists) as a second, independent reference.
  const F16 = (globalThis as { Float16Array?: new (n: number) => { [i: number]: number; buffer: ArrayBuffer } }).Float16Array;
  it.skipIf(!F16)('agrees with the engine\'s Float16Array rounding on every non-NaN case (needs Float16Array: Node 24+)', () => {
    const input = Uint32Array.from([...boundaries(), ...randomSingles(1 << 16)]);
    const h = new F16!(input.length);
    for (let i = 0; i < input.length; i++) h[i] = single(input[i]!);
    const engine = new Uint16Array(h.buffer);
    const got = narrow(simdHex, input, false);
    expect(mismatches(got, (i) => (Number.isNaN(single(input[i]!)) ? undefined : engine[i]!), input, 8)).toEqual([]);
  });
});
