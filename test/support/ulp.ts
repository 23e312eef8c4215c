// Float32 ULP arithmetic against float64 references.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Spacing of float32 numbers at the float32 rounding of r (2^-149 in the subnormal range). */
export function ulp(r: number): number {
  const a = Math.abs(Math.fround(r));
  if (!Number.isFinite(a)) return Number.POSITIVE_INFINITY;
  if (a < 2 ** -126) return 2 ** -149;
  f32[0] = a;
  const exponent = (u32[0]! >>> 23) - 127;
  return 2 ** (exponent - 23);
}

/** Error of `got` against the float64 reference `ref`, in ULPs of the float32 reference. */
export function ulpError(got: number, ref: number): number {
  if (Number.isNaN(ref)) return Number.isNaN(got) ? 0 : Number.POSITIVE_INFINITY;
  if (Number.isNaN(got)) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(ref) || !Number.isFinite(Math.fround(ref))) {
    return got === Math.fround(ref) ? 0 : Number.POSITIVE_INFINITY;
  }
  return Math.abs(got - ref) / ulp(ref);
}

/** The float32 with the given bit pattern. */
export function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}
