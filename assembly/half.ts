// Half precision (IEEE binary16) ↔ single precision, for float16 data: the TypeScript side
// stages a chunk's half bits in scratch, widens them to f32 with halfToSingle, runs the f32
// kernel there and narrows the result with singleToHalf. Both directions are exact where
// exactness is defined: every half is a float32 (so half → single is exact), and single →
// half rounds to nearest, ties to even, with overflow to ±Infinity, subnormals, ±0 and
// ±Infinity handled like any other value. NaN stays NaN with its sign, made quiet: half →
// single keeps the 9 payload bits below the quiet bit (shifted up by 13); single → half keeps
// the top 9 payload bits below the quiet bit, so a NaN never turns into an Infinity.
//
// Everything is integer bit manipulation, except where the vector instruction set lacks what
// the integer form needs (wasm SIMD has no per-lane variable shift and no count of leading
// zeros), the subnormal ranges:
// - a half subnormal h·2⁻²⁴ is built as the float with bits (h << 13) + bits(2⁻¹⁴) minus
//   2⁻¹⁴: both operands are within a factor of two, so the subtraction is exact (Sterbenz);
// - a float below 2⁻¹⁴ is rounded to a multiple of 2⁻²⁴ by adding 0.5, whose float32 ulp is
//   2⁻²⁴: the IEEE addition (round to nearest even, which wasm prescribes, with gradual
//   underflow) performs exactly the rounding half precision asks for, and the sum's low
//   bits are the half's.
// The scalar build uses the same formulas one lane at a time: both builds give the same
// bits, which test/exports.test.ts checks for all 65 536 halves and the float32 rounding
// boundaries against an exact reference.
//
// Pointer contract: `src` and `dst` are byte addresses of n elements (2-byte halves,
// 4-byte floats), 2- and 4-byte aligned. Besides disjoint operands, halfToSingle allows
// dst below src with src − dst ≥ 2n (the halves staged in the upper half of a float slot,
// widened into the whole slot), and singleToHalf allows dst ≤ src (narrowed in place at
// the slot's start): in both, every store lands on elements already loaded.

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
  if (a > 0x7f800000) h = 0x7e00 | ((a >> 13) & 0x01ff);
  else if (a < MIN_NORMAL_BITS) h = reinterpret<u32>(reinterpret<f32>(a) + 0.5) - 0x3f000000;
  else {
    const t = a - REBIAS;
    h = min<u32>((t + 0x0fff + ((t >> 13) & 1)) >> 13, 0x7c00);
  }
  return sign | h;
}

// ---- four lanes ---------------------------------------------------------------------------

@inline function halfToSingle4(h: v128): v128 {
  const sign = i32x4.shl(v128.and(h, i32x4.splat(0x8000)), 16);
  const em = v128.and(h, i32x4.splat(0x7fff));
  const normal = i32x4.add(i32x4.shl(em, 13), i32x4.splat(REBIAS));
  const sub = f32x4.sub(i32x4.add(normal, i32x4.splat(0x00800000)), i32x4.splat(MIN_NORMAL_BITS));
  const special = v128.or(
    i32x4.add(normal, i32x4.splat(REBIAS)),
    v128.and(i32x4.gt_s(em, i32x4.splat(0x7c00)), i32x4.splat(0x00400000)),
  );
  let bits = v128.bitselect(sub, normal, i32x4.lt_s(em, i32x4.splat(0x0400)));
  bits = v128.bitselect(special, bits, i32x4.gt_s(em, i32x4.splat(0x7bff)));
  return v128.or(sign, bits);
}

@inline function singleToHalf4(u: v128): v128 {
  const sign = v128.and(i32x4.shr_u(u, 16), i32x4.splat(0x8000));
  const a = v128.and(u, i32x4.splat(0x7fffffff));
  const t = i32x4.sub(a, i32x4.splat(REBIAS));
  const odd = v128.and(i32x4.shr_u(t, 13), i32x4.splat(1));
  const normal = i32x4.min_u(i32x4.shr_u(i32x4.add(i32x4.add(t, i32x4.splat(0x0fff)), odd), 13), i32x4.splat(0x7c00));
  const sub = i32x4.sub(f32x4.add(a, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  const nan = v128.or(v128.and(i32x4.shr_u(a, 13), i32x4.splat(0x01ff)), i32x4.splat(0x7e00));
  // Unsigned compares as signed ones: a < 2^31.
  let h = v128.bitselect(sub, normal, i32x4.lt_s(a, i32x4.splat(MIN_NORMAL_BITS)));
  h = v128.bitselect(nan, h, i32x4.gt_s(a, i32x4.splat(0x7f800000)));
  return v128.or(sign, h);
}

// ---- the exports' loops -----------------------------------------------------------------

/** dst[i] = the float32 value of the half src[i]. */
export function halfToSingle(src: usize, dst: usize, n: usize): void {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    // Two vectors of eight halves loaded before any store (the in-place contract).
    for (; i + 16 <= n; i += 16) {
      const h0 = v128.load(src + (i << 1));
      const h1 = v128.load(src + (i << 1), 16);
      const p = dst + (i << 2);
      v128.store(p, halfToSingle4(i32x4.extend_low_i16x8_u(h0)));
      v128.store(p, halfToSingle4(i32x4.extend_high_i16x8_u(h0)), 16);
      v128.store(p, halfToSingle4(i32x4.extend_low_i16x8_u(h1)), 32);
      v128.store(p, halfToSingle4(i32x4.extend_high_i16x8_u(h1)), 48);
    }
  }
  for (; i < n; i++) store<u32>(dst + (i << 2), halfToSingleBits(<u32>load<u16>(src + (i << 1))));
}

/** dst[i] = src[i] rounded to half precision (to nearest, ties to even). */
export function singleToHalf(src: usize, dst: usize, n: usize): void {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const p = src + (i << 2);
      const u0 = v128.load(p);
      const u1 = v128.load(p, 16);
      const u2 = v128.load(p, 32);
      const u3 = v128.load(p, 48);
      const q = dst + (i << 1);
      v128.store(q, i16x8.narrow_i32x4_u(singleToHalf4(u0), singleToHalf4(u1)));
      v128.store(q, i16x8.narrow_i32x4_u(singleToHalf4(u2), singleToHalf4(u3)), 16);
    }
  }
  for (; i < n; i++) store<u16>(dst + (i << 1), <u16>singleToHalfBits(load<u32>(src + (i << 2))));
}
