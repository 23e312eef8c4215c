// Half precision (IEEE binary16) ↔ single precision, for float16 data: the TypeScript side
// stages a chunk's half bits in scratch, widens them to f32 with halfToSingle, runs the f32
// kernel there and narrows the result with singleToHalf. Both directions are exact where
// exactness is defined: every half is a float32 (so half → single is exact), and single →
// half rounds to nearest, ties to even, with overflow to ±Infinity, subnormals, ±0 and
// ±Infinity handled like any other value. NaN stays NaN with its sign, made quiet: half →
// single keeps the 9 payload bits below the quiet bit (shifted up by 13); single → half
// gives the quiet NaN 0x7e00 with the sign (no payload: two operations fewer per vector),
// so a NaN never turns into an Infinity.
//
// Everything is integer bit manipulation, except where the vector instruction set lacks what
// the integer form needs (wasm SIMD has no per-lane variable shift and no count of leading
// zeros), the subnormal ranges:
// - a half subnormal h·2⁻²⁴ is built, in the scalar form, as the float with bits
//   (h << 13) + bits(2⁻¹⁴) minus 2⁻¹⁴: both operands are within a factor of two, so the
//   subtraction is exact (Sterbenz); the vector form multiplies every finite half's bits
//   (em << 13, the value times 2⁻¹¹²) by 2¹¹², exact as well (see halfToSingle4);
// - a float below 2⁻¹⁴ is rounded to a multiple of 2⁻²⁴ by adding 0.5, whose float32 ulp is
//   2⁻²⁴: the IEEE addition (round to nearest even, which wasm prescribes, with gradual
//   underflow) performs exactly the rounding half precision asks for, and the sum's low
//   bits are the half's.
// The scalar build computes one lane at a time with the same roundings: every build gives
// the same bits, which test/half.test.ts checks for all 65 536 halves and the float32
// rounding boundaries against an exact reference.
//
// Pointer contract: `src` and `dst` are byte addresses of n elements (2-byte halves,
// 4-byte floats), 2- and 4-byte aligned. Besides disjoint operands, halfToSingle allows
// dst below src with src − dst ≥ 2n (the halves staged in the upper half of a float slot,
// widened into the whole slot), and singleToHalf allows dst ≤ src (narrowed in place at
// the slot's start): in both, every store lands on elements already loaded.

import { select } from "./lanes";

// ---- one lane -----------------------------------------------------------------------------

const MIN_NORMAL_BITS: u32 = 0x38800000; // 2^-14, the smallest normal half, as a float
const REBIAS: u32 = 0x38000000; // (127 - 15) << 23

@inline function halfToSingleBits(h: u32): u32 {
  const sign = (h & 0x8000) << 16;
  const em = h & 0x7fff;
  let bits = (em << 13) + REBIAS;
  if (em < 0x0400) bits = reinterpret<u32>(reinterpret<f32>(bits + 0x00800000) - reinterpret<f32>(MIN_NORMAL_BITS));
  else if (em >= 0x7c00) bits = (bits + REBIAS) | (em > 0x7c00 ? 0x00400000 : 0);
  return sign | bits;
}

@inline function singleToHalfBits(u: u32): u32 {
  const sign = (u >> 16) & 0x8000;
  const a = u & 0x7fffffff;
  let h: u32;
  if (a > 0x7f800000) h = 0x7e00;
  else if (a < MIN_NORMAL_BITS) h = reinterpret<u32>(reinterpret<f32>(a) + 0.5) - 0x3f000000;
  else {
    const t = a - REBIAS;
    h = min<u32>((t + 0x0fff + ((t >> 13) & 1)) >> 13, 0x7c00);
  }
  return sign | h;
}

// ---- four lanes ---------------------------------------------------------------------------

const MAGIC_2_112: u32 = 0x77800000; // 2^112 = 2^(127 - 15): rebiases a half's exponent in one multiply

/**
 * Widening by one multiply: em << 13 read as a float is the half's value times 2^-112 (a
 * float32 subnormal for half subnormals, exact), so times 2^112 is the value, rounded
 * nowhere (a power of two; wasm keeps subnormals). Infinity and NaN keep their mantissa
 * and get the all-ones exponent by an or (NaN: and the quiet bit).
 */
@inline function halfToSingle4(h: v128): v128 {
  const em = v128.and(h, i32x4.splat(0x7fff));
  const sign = i32x4.shl(v128.xor(h, em), 16);
  const value = f32x4.mul(i32x4.shl(em, 13), i32x4.splat(MAGIC_2_112));
  const infNan = v128.and(i32x4.gt_s(em, i32x4.splat(0x7bff)), i32x4.splat(0x7f800000));
  const quiet = v128.and(i32x4.gt_s(em, i32x4.splat(0x7c00)), i32x4.splat(0x00400000));
  return v128.or(v128.or(value, sign), v128.or(infNan, quiet));
}

@inline function singleToHalf4(u: v128): v128 {
  const signBit = v128.and(u, i32x4.splat(0x80000000));
  const a = v128.xor(u, signBit);
  // Normal: drop 13 mantissa bits rounding to nearest even (add 0xfff and the kept lsb),
  // rebias the exponent (one constant for both), overflow (and Infinity, NaN) to 0x7c00.
  const odd = v128.and(i32x4.shr_u(a, 13), i32x4.splat(1));
  const normal = i32x4.min_u(i32x4.shr_u(i32x4.add(i32x4.add(a, i32x4.splat(0x0fff - REBIAS)), odd), 13), i32x4.splat(0x7c00));
  // 0.5 has the bits 0x3f000000 (see singleToHalfBits).
  const half = i32x4.splat(0x3f000000);
  const sub = i32x4.sub(f32x4.add(a, half), half);
  // Unsigned compares as signed ones: a < 2^31. NaN: normal gave 0x7c00; the quiet bit makes it 0x7e00.
  const h = select<v128>(i32x4.lt_s(a, i32x4.splat(MIN_NORMAL_BITS)), sub, normal);
  const nan = v128.and(i32x4.gt_s(a, i32x4.splat(0x7f800000)), i32x4.splat(0x0200));
  return v128.or(v128.or(i32x4.shr_u(signBit, 16), h), nan);
}

// ---- the exports' loops -----------------------------------------------------------------

/** dst[i] = the float32 value of the half src[i]. */
export function halfToSingle(src: usize, dst: usize, n: usize): void {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    // Eight halves loaded before their eight floats are stored (the in-place contract).
    for (; i + 8 <= n; i += 8) {
      const h = v128.load(src + (i << 1));
      const p = dst + (i << 2);
      v128.store(p, halfToSingle4(i32x4.extend_low_i16x8_u(h)));
      v128.store(p, halfToSingle4(i32x4.extend_high_i16x8_u(h)), 16);
    }
  }
  for (; i < n; i++) store<u32>(dst + (i << 2), halfToSingleBits(<u32>load<u16>(src + (i << 1))));
}

/** dst[i] = src[i] rounded to half precision (to nearest, ties to even). */
export function singleToHalf(src: usize, dst: usize, n: usize): void {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 8 <= n; i += 8) {
      const p = src + (i << 2);
      const u0 = v128.load(p);
      const u1 = v128.load(p, 16);
      v128.store(dst + (i << 1), i16x8.narrow_i32x4_u(singleToHalf4(u0), singleToHalf4(u1)));
    }
  }
  for (; i < n; i++) store<u16>(dst + (i << 1), <u16>singleToHalfBits(load<u32>(src + (i << 2))));
}
