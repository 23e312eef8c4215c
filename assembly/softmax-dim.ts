// Softmax, softmin and log-softmax over a dimension that is not the last, forward and
// backward, with no transpose: the reduction walks the dimension with a stride while each
// SIMD lane holds its own position of the contiguous inner axis.
//
// What: a row-major tensor seen as [slabs, size, stride]: `slabs` is the product of the
// dimensions before the reduced one, `size` the reduced dimension, `stride` the product of
// those after it. Element (s, j, l) is at x + 4·((s·size + j)·stride + l). For every slab s
// and lane l < lanes (lanes ≤ stride: a worker may take a range of lanes), the `size`
// values z_j = x(s, j, l) (or -x for softmin) form one distribution, computed as the row
// kernels do (assembly/softmax.ts): m = max z, e_j = e^(z_j - m) (vecmath.expLowRr2P6),
// Σ e_j in float64 per lane, y = e_j·(1/Σ rounded once) or (z_j - m) - log Σ; backward
// dx = ±y(dy - Σ dy·y), logSoftmax dx = dy - e^y·Σ dy, with the float64 sum carried as an f32
// pair hi + lo (lo 0 where hi is not finite), as the row kernels carry it.
// Algorithm: lanes go four to a vector (one in the scalar build); a column of `size` vectors
// is walked three times (max; exp, store and sum; scale), so a block of 4·size values stays
// in L1 between the passes. Lanes past the last full vector run as a partial vector
// (loadPart/storePart: nothing outside the lanes is read or written).
//
// Exports (scripts/kernel-table.mjs), f32 data at 4-byte-aligned byte addresses:
//   <f>_strided(x, y, slabs, size, lanes, stride, tmp, _, _)         f = softmax | softmin | logSoftmax
//                                                      (tmp: 0, or 12 KiB of scratch)
//   <f>_strided_backward(dy, x, dx, slabs, size, lanes, stride, _, _)  y recomputed from x
//   <f>_strided_backward_from_output(dy, y, dx, slabs, size, lanes, stride, _, _)
// The output may equal an input (in place); partial overlap is not allowed.

import { splat, sub, mul, eq, select, laneBytes, loadV, storeV, loadPart, storePart } from "./lanes";
import { fmax, widenLo, widenHi, narrow, wsplat, wadd, wsub, wmul, wdiv } from "./lanes64";
import { expLowRr2P6 } from "./vecmath";

/** Per-lane float64 values of a vector of f32 lanes: lanes 0, 1 (lo) and 2, 3 (hi); the scalar build has lo only. */
@inline function lo64<V, W>(v: V): W {
  return widenLo<V, W>(v);
}

@inline function hi64<V, W>(v: V): W {
  if (isVector<V>()) return widenHi<V, W>(v);
  else return wsplat<W>(0);
}

/** The f32 pair (hi, lo) of per-lane float64 sums (lo, hi halves); lo is 0 where hi is ±Inf or NaN. */
@inline function pairHi<V, W>(sLo: W, sHi: W): V {
  return narrow<V, W>(sLo, sHi);
}

@inline function pairLo<V, W>(sLo: W, sHi: W, hi: V): V {
  const lo = narrow<V, W>(wsub<W>(sLo, lo64<V, W>(hi)), wsub<W>(sHi, hi64<V, W>(hi)));
  // hi - hi is 0 exactly where hi is finite.
  return select<V>(eq<V>(sub<V>(hi, hi), splat<V>(0.0)), lo, splat<V>(0.0));
}

// The last steps in float64, rounded once, with the sum (hi + lo) per lane (lanes64's
// mulDiff64 and subMul64 take one sum for every lane, as a row kernel has).

/** y·(d − (hi + lo)) per lane. */
@inline function mulDiffLanes<V, W>(y: V, d: V, hi: V, lo: V): V {
  const l = wmul<W>(lo64<V, W>(y), wsub<W>(wsub<W>(lo64<V, W>(d), lo64<V, W>(hi)), lo64<V, W>(lo)));
  const h = wmul<W>(hi64<V, W>(y), wsub<W>(wsub<W>(hi64<V, W>(d), hi64<V, W>(hi)), hi64<V, W>(lo)));
  return narrow<V, W>(l, h);
}

/** d − p·(hi + lo) per lane. */
@inline function subMulLanes<V, W>(d: V, p: V, hi: V, lo: V): V {
  const l = wsub<W>(wsub<W>(lo64<V, W>(d), wmul<W>(lo64<V, W>(p), lo64<V, W>(hi))), wmul<W>(lo64<V, W>(p), lo64<V, W>(lo)));
  const h = wsub<W>(wsub<W>(hi64<V, W>(d), wmul<W>(hi64<V, W>(p), hi64<V, W>(hi))), wmul<W>(hi64<V, W>(p), hi64<V, W>(lo)));
  return narrow<V, W>(l, h);
}

/** ln of each float64 lane, rounded to f32 (as the row kernels' f32(ln Σ)). */
@inline function logLanes<V, W>(sLo: W, sHi: W): V {
  if (isVector<V>()) {
    let r = f32x4.splat(<f32>Math.log(f64x2.extract_lane(sLo, 0)));
    r = f32x4.replace_lane(r, 1, <f32>Math.log(f64x2.extract_lane(sLo, 1)));
    r = f32x4.replace_lane(r, 2, <f32>Math.log(f64x2.extract_lane(sHi, 0)));
    return f32x4.replace_lane(r, 3, <f32>Math.log(f64x2.extract_lane(sHi, 1)));
  } else return <V><f32>Math.log(<f64>sLo);
}

/** Orientation S (softmax.ts's Up or Down) applied to a vector. */
@inline function orient<V, S>(x: V): V {
  return changetype<S>(0).orient<V>(x);
}

/** max over j of z(p + j·sb) for one block of lanes (`bytes` of them). */
@inline function columnMax<V, S>(p: usize, size: usize, sb: usize, bytes: usize): V {
  let m = splat<V>(<f32>-Infinity);
  for (let j: usize = 0; j < size; j++) m = fmax<V>(m, orient<V, S>(loadPart<V>(p + j * sb, bytes)));
  return m;
}

/** Forward over one block of lanes at x + o, y + o. */
@inline function forwardColumn<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize, bytes: usize): void {
  const m = columnMax<V, S>(x, size, sb, bytes);
  let sLo = wsplat<W>(0);
  let sHi = wsplat<W>(0);
  for (let j: usize = 0; j < size; j++) {
    const e = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(x + j * sb, bytes)), m));
    if (!changetype<Log>(0).is()) storePart<V>(y + j * sb, e, bytes);
    sLo = wadd<W>(sLo, lo64<V, W>(e));
    sHi = wadd<W>(sHi, hi64<V, W>(e));
  }
  if (changetype<Log>(0).is()) {
    const l = logLanes<V, W>(sLo, sHi);
    for (let j: usize = 0; j < size; j++) {
      const z = orient<V, S>(loadPart<V>(x + j * sb, bytes));
      storePart<V>(y + j * sb, sub<V>(sub<V>(z, m), l), bytes);
    }
  } else {
    const one = wsplat<W>(1.0);
    const r = narrow<V, W>(wdiv<W>(one, sLo), wdiv<W>(one, sHi));
    for (let j: usize = 0; j < size; j++) storePart<V>(y + j * sb, mul<V>(loadPart<V>(y + j * sb, bytes), r), bytes);
  }
}

/**
 * Forward over four full vectors of lanes at once (one 64-byte line of each row): four
 * independent chains through each pass, which a column of one vector leaves latency-bound
 * (the max and the float64 sum are one dependency chain per vector), and a whole cache line
 * of a row per visit.
 */
@inline function forwardColumn4<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize): void {
  const step = laneBytes<V>();
  let m0 = splat<V>(<f32>-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  for (let j: usize = 0; j < size; j++) {
    const p = x + j * sb;
    m0 = fmax<V>(m0, orient<V, S>(loadPart<V>(p, step)));
    m1 = fmax<V>(m1, orient<V, S>(loadPart<V>(p + step, step)));
    m2 = fmax<V>(m2, orient<V, S>(loadPart<V>(p + 2 * step, step)));
    m3 = fmax<V>(m3, orient<V, S>(loadPart<V>(p + 3 * step, step)));
  }
  let s0Lo = wsplat<W>(0);
  let s0Hi = wsplat<W>(0);
  let s1Lo = wsplat<W>(0);
  let s1Hi = wsplat<W>(0);
  let s2Lo = wsplat<W>(0);
  let s2Hi = wsplat<W>(0);
  let s3Lo = wsplat<W>(0);
  let s3Hi = wsplat<W>(0);
  for (let j: usize = 0; j < size; j++) {
    const p = x + j * sb;
    const q = y + j * sb;
    const e0 = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(p, step)), m0));
    const e1 = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(p + step, step)), m1));
    const e2 = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(p + 2 * step, step)), m2));
    const e3 = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(p + 3 * step, step)), m3));
    if (!changetype<Log>(0).is()) {
      storePart<V>(q, e0, step);
      storePart<V>(q + step, e1, step);
      storePart<V>(q + 2 * step, e2, step);
      storePart<V>(q + 3 * step, e3, step);
    }
    s0Lo = wadd<W>(s0Lo, lo64<V, W>(e0));
    s0Hi = wadd<W>(s0Hi, hi64<V, W>(e0));
    s1Lo = wadd<W>(s1Lo, lo64<V, W>(e1));
    s1Hi = wadd<W>(s1Hi, hi64<V, W>(e1));
    s2Lo = wadd<W>(s2Lo, lo64<V, W>(e2));
    s2Hi = wadd<W>(s2Hi, hi64<V, W>(e2));
    s3Lo = wadd<W>(s3Lo, lo64<V, W>(e3));
    s3Hi = wadd<W>(s3Hi, hi64<V, W>(e3));
  }
  if (changetype<Log>(0).is()) {
    const l0 = logLanes<V, W>(s0Lo, s0Hi);
    const l1 = logLanes<V, W>(s1Lo, s1Hi);
    const l2 = logLanes<V, W>(s2Lo, s2Hi);
    const l3 = logLanes<V, W>(s3Lo, s3Hi);
    for (let j: usize = 0; j < size; j++) {
      const p = x + j * sb;
      const q = y + j * sb;
      storePart<V>(q, sub<V>(sub<V>(orient<V, S>(loadPart<V>(p, step)), m0), l0), step);
      storePart<V>(q + step, sub<V>(sub<V>(orient<V, S>(loadPart<V>(p + step, step)), m1), l1), step);
      storePart<V>(q + 2 * step, sub<V>(sub<V>(orient<V, S>(loadPart<V>(p + 2 * step, step)), m2), l2), step);
      storePart<V>(q + 3 * step, sub<V>(sub<V>(orient<V, S>(loadPart<V>(p + 3 * step, step)), m3), l3), step);
    }
  } else {
    const one = wsplat<W>(1.0);
    const r0 = narrow<V, W>(wdiv<W>(one, s0Lo), wdiv<W>(one, s0Hi));
    const r1 = narrow<V, W>(wdiv<W>(one, s1Lo), wdiv<W>(one, s1Hi));
    const r2 = narrow<V, W>(wdiv<W>(one, s2Lo), wdiv<W>(one, s2Hi));
    const r3 = narrow<V, W>(wdiv<W>(one, s3Lo), wdiv<W>(one, s3Hi));
    for (let j: usize = 0; j < size; j++) {
      const q = y + j * sb;
      storePart<V>(q, mul<V>(loadPart<V>(q, step), r0), step);
      storePart<V>(q + step, mul<V>(loadPart<V>(q + step, step), r1), step);
      storePart<V>(q + 2 * step, mul<V>(loadPart<V>(q + 2 * step, step), r2), step);
      storePart<V>(q + 3 * step, mul<V>(loadPart<V>(q + 3 * step, step), r3), step);
    }
  }
}

/** Lanes per tile of the tiled forward: its per-lane state (12 bytes a lane) stays in L1. */
export const TILE_LANES: usize = 1024;

/**
 * Forward over a tile of `bytes` bytes of lanes (whole vectors) of one slab, walking the
 * rows in order with the per-lane max and float64 sums in tmp (TILE_LANES·12 bytes): each
 * row is read as one sequential run per pass. Rows a power-of-two stride apart (a tensor
 * [.., 21, 512, 512] over dim 1: 1 MiB) share cache sets, and a column block's three
 * visits of `size` such rows defeat the prefetchers; sequential runs keep them working.
 */
@inline function forwardTile<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize, bytes: usize, tmp: usize): void {
  const step = laneBytes<V>();
  const m = tmp;
  const s = tmp + (TILE_LANES << 2); // two float64 lanes per pair of f32 lanes: 2·bytes
  for (let l: usize = 0; l < bytes; l += step) storeV<V>(m + l, splat<V>(<f32>-Infinity));
  for (let j: usize = 0; j < size; j++) {
    const row = x + j * sb;
    for (let l: usize = 0; l < bytes; l += step) storeV<V>(m + l, fmax<V>(loadV<V>(m + l), orient<V, S>(loadV<V>(row + l))));
  }
  for (let l: usize = 0; l < bytes << 1; l += step) storeV<V>(s + l, splat<V>(0.0));
  for (let j: usize = 0; j < size; j++) {
    const row = x + j * sb;
    const out = y + j * sb;
    for (let l: usize = 0; l < bytes; l += step) {
      const e = expLowRr2P6<V>(sub<V>(orient<V, S>(loadV<V>(row + l)), loadV<V>(m + l)));
      if (!changetype<Log>(0).is()) storeV<V>(out + l, e);
      const sl = s + (l << 1);
      storeV<W>(sl, wadd<W>(loadV<W>(sl), lo64<V, W>(e)));
      storeV<W>(sl + step, wadd<W>(loadV<W>(sl + step), hi64<V, W>(e)));
    }
  }
  // r = 1/Σ (or ln Σ) per lane, written over the sums as f32 (behind the reads: l ≤ 2l).
  for (let l: usize = 0; l < bytes; l += step) {
    const sl = s + (l << 1);
    const sLo = loadV<W>(sl);
    const sHi = loadV<W>(sl + step);
    const one = wsplat<W>(1.0);
    storeV<V>(s + l, changetype<Log>(0).is() ? logLanes<V, W>(sLo, sHi) : narrow<V, W>(wdiv<W>(one, sLo), wdiv<W>(one, sHi)));
  }
  for (let j: usize = 0; j < size; j++) {
    const row = x + j * sb;
    const out = y + j * sb;
    for (let l: usize = 0; l < bytes; l += step) {
      const r = loadV<V>(s + l);
      if (changetype<Log>(0).is()) storeV<V>(out + l, sub<V>(sub<V>(orient<V, S>(loadV<V>(row + l)), loadV<V>(m + l)), r));
      else storeV<V>(out + l, mul<V>(loadV<V>(out + l), r));
    }
  }
}

/**
 * Backward from the output over one block: t = Σ dy·y (softmax) or Σ dy (logSoftmax) per
 * lane in float64, then dx = ±y·(dy - t) or dy - e^y·t, computed in float64, rounded once.
 */
@inline function fromOutputColumn<V, W, S, Log>(dy: usize, y: usize, dx: usize, size: usize, sb: usize, bytes: usize): void {
  let tLo = wsplat<W>(0);
  let tHi = wsplat<W>(0);
  for (let j: usize = 0; j < size; j++) {
    const g = loadPart<V>(dy + j * sb, bytes);
    if (changetype<Log>(0).is()) {
      tLo = wadd<W>(tLo, lo64<V, W>(g));
      tHi = wadd<W>(tHi, hi64<V, W>(g));
    } else {
      const v = loadPart<V>(y + j * sb, bytes);
      tLo = wadd<W>(tLo, wmul<W>(lo64<V, W>(g), lo64<V, W>(v)));
      tHi = wadd<W>(tHi, wmul<W>(hi64<V, W>(g), hi64<V, W>(v)));
    }
  }
  const hi = pairHi<V, W>(tLo, tHi);
  const lo = pairLo<V, W>(tLo, tHi, hi);
  for (let j: usize = 0; j < size; j++) {
    const g = loadPart<V>(dy + j * sb, bytes);
    const v = loadPart<V>(y + j * sb, bytes);
    const d = changetype<Log>(0).is()
      ? subMulLanes<V, W>(g, expLowRr2P6<V>(v), hi, lo)
      : orient<V, S>(mulDiffLanes<V, W>(v, g, hi, lo));
    storePart<V>(dx + j * sb, d, bytes);
  }
}

/**
 * Backward from x over one block: y is recomputed (e stored in dx when dx is not dy, as the
 * row kernels do), then the from-output step.
 */
@inline function backwardColumn<V, W, S, Log>(dy: usize, x: usize, dx: usize, size: usize, sb: usize, bytes: usize): void {
  const m = columnMax<V, S>(x, size, sb, bytes);
  const stored = dx != dy;
  let sLo = wsplat<W>(0);
  let sHi = wsplat<W>(0);
  for (let j: usize = 0; j < size; j++) {
    const e = expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(x + j * sb, bytes)), m));
    if (stored) storePart<V>(dx + j * sb, e, bytes);
    sLo = wadd<W>(sLo, lo64<V, W>(e));
    sHi = wadd<W>(sHi, hi64<V, W>(e));
  }
  const one = wsplat<W>(1.0);
  const r = narrow<V, W>(wdiv<W>(one, sLo), wdiv<W>(one, sHi));
  // e of element j: read back from dx, or recomputed from x.
  let tLo = wsplat<W>(0);
  let tHi = wsplat<W>(0);
  for (let j: usize = 0; j < size; j++) {
    const g = loadPart<V>(dy + j * sb, bytes);
    if (changetype<Log>(0).is()) {
      tLo = wadd<W>(tLo, lo64<V, W>(g));
      tHi = wadd<W>(tHi, hi64<V, W>(g));
    } else {
      const e = stored ? loadPart<V>(dx + j * sb, bytes) : expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(x + j * sb, bytes)), m));
      const p = mul<V>(e, r);
      tLo = wadd<W>(tLo, wmul<W>(lo64<V, W>(g), lo64<V, W>(p)));
      tHi = wadd<W>(tHi, wmul<W>(hi64<V, W>(g), hi64<V, W>(p)));
    }
  }
  const hi = pairHi<V, W>(tLo, tHi);
  const lo = pairLo<V, W>(tLo, tHi, hi);
  for (let j: usize = 0; j < size; j++) {
    const g = loadPart<V>(dy + j * sb, bytes);
    const e = stored ? loadPart<V>(dx + j * sb, bytes) : expLowRr2P6<V>(sub<V>(orient<V, S>(loadPart<V>(x + j * sb, bytes)), m));
    const p = mul<V>(e, r);
    const d = changetype<Log>(0).is() ? subMulLanes<V, W>(g, p, hi, lo) : orient<V, S>(mulDiffLanes<V, W>(p, g, hi, lo));
    storePart<V>(dx + j * sb, d, bytes);
  }
}

/** Which pass a strided export runs (a compile-time choice once inlined). */
@final export class StridedForward {
  @inline run<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, bytes: usize): void {
    forwardColumn<V, W, S, Log>(u, w, size, sb, bytes);
  }
  @inline wide(): bool { return true; }
  @inline run4<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, tmp: usize): void {
    forwardColumn4<V, W, S, Log>(u, w, size, sb);
  }
  @inline tile<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize, bytes: usize, tmp: usize): void {
    forwardTile<V, W, S, Log>(x, y, size, sb, bytes, tmp);
  }
}

@final export class StridedBackward {
  @inline run<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, bytes: usize): void {
    backwardColumn<V, W, S, Log>(u, v, w, size, sb, bytes);
  }
  @inline wide(): bool { return false; }
  @inline run4<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, tmp: usize): void {}
  @inline tile<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize, bytes: usize, tmp: usize): void {}
}

@final export class StridedFromOutput {
  @inline run<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, bytes: usize): void {
    fromOutputColumn<V, W, S, Log>(u, v, w, size, sb, bytes);
  }
  @inline wide(): bool { return false; }
  @inline run4<V, W, S, Log>(u: usize, v: usize, w: usize, size: usize, sb: usize, tmp: usize): void {}
  @inline tile<V, W, S, Log>(x: usize, y: usize, size: usize, sb: usize, bytes: usize, tmp: usize): void {}
}

/** Every slab and block of lanes through pass P: full vectors, then the partial one. */
function strided<V, W, P, S, Log>(u: usize, v: usize, w: usize, slabs: usize, size: usize, lanes: usize, stride: usize, tmp: usize): void {
  const pass = changetype<P>(0);
  const step = laneBytes<V>();
  const sb = stride << 2;
  const full = (lanes << 2) - (lanes << 2) % step;
  for (let s: usize = 0; s < slabs; s++) {
    const o = s * size * sb;
    let l: usize = 0;
    // The forward in tiles of whole vectors where scratch is given, or four vectors at a
    // time; then the rest one vector at a time (the last one partial).
    if (isVector<V>() && pass.wide()) {
      if (tmp) {
        while (l < full) {
          const bytes = min<usize>(TILE_LANES << 2, full - l);
          pass.tile<V, W, S, Log>(u + o + l, w + o + l, size, sb, bytes, tmp);
          l += bytes;
        }
      }
      for (; l + 4 * step <= full; l += 4 * step) pass.run4<V, W, S, Log>(u + o + l, v + o + l, w + o + l, size, sb, tmp);
    }
    for (; l < full; l += step) pass.run<V, W, S, Log>(u + o + l, v + o + l, w + o + l, size, sb, step);
    if (l < lanes << 2) pass.run<V, W, S, Log>(u + o + l, v + o + l, w + o + l, size, sb, (lanes << 2) - l);
  }
}

/**
 * Forward: x → y. tmp: 0, or the byte address of TILE_LANES·12 bytes of scratch: then the
 * forward runs in tiles (the TypeScript side gives it to resident data, whose rows may be far apart).
 */
@inline export function stridedForward<S, Log>(x: usize, y: usize, slabs: usize, size: usize, lanes: usize, stride: usize, tmp: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) strided<v128, v128, StridedForward, S, Log>(x, x, y, slabs, size, lanes, stride, tmp);
  else strided<f32, f64, StridedForward, S, Log>(x, x, y, slabs, size, lanes, stride, 0);
}

/** Backward from x: (dy, x) → dx. */
@inline export function stridedBackward<S, Log>(dy: usize, x: usize, dx: usize, slabs: usize, size: usize, lanes: usize, stride: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) strided<v128, v128, StridedBackward, S, Log>(dy, x, dx, slabs, size, lanes, stride, 0);
  else strided<f32, f64, StridedBackward, S, Log>(dy, x, dx, slabs, size, lanes, stride, 0);
}

/** Backward from the output: (dy, y) → dx. */
@inline export function stridedFromOutput<S, Log>(dy: usize, y: usize, dx: usize, slabs: usize, size: usize, lanes: usize, stride: usize, a: f32, b: f32): void {
  if (ASC_FEATURE_SIMD) strided<v128, v128, StridedFromOutput, S, Log>(dy, y, dx, slabs, size, lanes, stride, 0);
  else strided<f32, f64, StridedFromOutput, S, Log>(dy, y, dx, slabs, size, lanes, stride, 0);
}
