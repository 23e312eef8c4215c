// Generated cases for every kernel export of every wasm build, called directly on a memory
// of the test's own (as XNNPACK tests each micro-kernel): lengths 0..67 (every unrolled
// width, every tail), 4-byte-aligned but not 16-byte-aligned pointers, in place and out of
// place. Each element's result must not depend on its position, the length or the
// alignment; nothing outside the output may be written; inputs stay unchanged.

import { describe, expect, it } from 'vitest';
import { decode, writeConstants } from '../src/backends/constants.js';
import relaxedHex from '../src/generated/wasm-relaxed.js';
import simdHex from '../src/generated/wasm-simd.js';
import scalarHex from '../src/generated/wasm-scalar.js';
import { mulberry32, SPECIALS } from './support/inputs.js';

/** The single-thread builds this engine runs (relaxed SIMD: Node ≥ 22). */
const BUILDS: Record<string, string> = {
  simd: simdHex, scalar: scalarHex, ...(WebAssembly.validate(decode(relaxedHex)) ? { relaxed: relaxedHex } : {}),
};
/** Floats of per-lane state a forward strided kernel may keep in its tmp scratch (TILE_LANES·12 bytes). */
const TILE_STATE_FLOATS = 1024 * 3;
const GUARD = 16; // elements of sentinel before and after each operand
const SENTINEL_BITS = 0x7fc0dead; // a NaN with a payload no kernel produces
type Kernel = (...args: number[]) => number;

/** What an export computes, from its name and arity (see scripts/kernel-table.mjs and the family files). */
type Kind = 'map' | 'map2' | 'map3' | 'rows' | 'rows2' | 'glu' | 'glu2' | 'reduce' | 'strided' | 'strided2';
function kindOf(name: string, arity: number): Kind | undefined {
  if (/_strided$/.test(name)) return 'strided';
  if (/_strided_backward/.test(name)) return 'strided2';
  if (name === 'glu_rows') return 'glu';
  if (name === 'glu_rows_backward') return 'glu2';
  if (/_rows$/.test(name)) return 'rows';
  if (/_rows_backward/.test(name)) return 'rows2';
  if (/_(max|sumexp|sum|dot)$/.test(name)) return 'reduce';
  return ({ 5: 'map', 6: 'map2', 7: 'map3' } as Record<number, Kind>)[arity];
}

/** A memory of the test's own with a bump allocator, and an instance of the build on it. */
function instantiate(hex: string): { exports: Record<string, Kernel>; heap: Float32Array; bits: Uint32Array; alloc(n: number, misalign: number): number } {
  const memory = new WebAssembly.Memory({ initial: 512 });
  writeConstants(memory); // the SIMD builds' loop constants (the package's memories get them so too)
  const instance = new WebAssembly.Instance(new WebAssembly.Module(decode(hex)), { env: { memory } });
  let top = 65536;
  return {
    exports: instance.exports as unknown as Record<string, Kernel>,
    heap: new Float32Array(memory.buffer),
    bits: new Uint32Array(memory.buffer),
    /** Element index of n elements with guards, `misalign` elements past a 64-byte boundary. */
    alloc(n, misalign) {
      top = Math.ceil(top / 64) * 64 + GUARD * 4 + misalign * 4;
      const at = top / 4;
      top += (n + GUARD) * 4;
      return at;
    },
  };
}

const rand = mulberry32(7);
function values(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    a[i] = r < 0.15 ? SPECIALS[Math.floor(rand() * SPECIALS.length)]! : (rand() * 2 - 1) * (r < 0.5 ? 4 : 40);
  }
  return a;
}

for (const [build, hex] of Object.entries(BUILDS)) {
  describe(`every export of the ${build} build`, () => {
    const probe = instantiate(hex);
    // (half_to_single and single_to_half convert rather than compute: test/half.test.ts.)
    const names = Object.keys(probe.exports).filter((k) => typeof probe.exports[k] === 'function' && k !== 'features' && !/^(half_to_single|single_to_half)$/.test(k));

    it('has a kind for every export', () => {
      expect(names.filter((n) => !kindOf(n, probe.exports[n]!.length))).toEqual([]);
      expect(names.length).toBeGreaterThan(80);
    });

    for (const name of names) {
      const kind = kindOf(name, probe.exports[name]!.length);
      it(`${name} (${kind})`, () => {
        const m = instantiate(hex);
        const f = m.exports[name]!;
        /** Copies `a` in with guards; returns its element index. */
        const place = (a: Float32Array, misalign: number): number => {
          const at = m.alloc(a.length, misalign);
          m.bits.fill(SENTINEL_BITS, at - GUARD, at + a.length + GUARD);
          m.heap.set(a, at);
          return at;
        };
        const read = (at: number, n: number) => m.heap.slice(at, at + n);
        const guardsIntact = (at: number, n: number) =>
          m.bits.subarray(at - GUARD, at).every((b) => b === SENTINEL_BITS) && m.bits.subarray(at + n, at + n + GUARD).every((b) => b === SENTINEL_BITS);
        const same = (a: Float32Array, b: Float32Array) => a.every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i]!)));
        const [pa, pb] = [0.5, 2];

        if (kind === 'map' || kind === 'map2' || kind === 'map3') {
          const inputs = kind === 'map' ? 1 : kind === 'map2' ? 2 : 3;
          for (let n = 0; n <= 67; n++) {
            const misalign = n % 4;
            const ins = Array.from({ length: inputs }, () => values(n));
            const at = ins.map((a) => place(a, misalign));
            const out = place(new Float32Array(n), (misalign + 1) % 4);
            f(...at.map((i) => i * 4), out * 4, n, pa, pb);
            expect(guardsIntact(out, n), `${name} n=${n}: wrote outside y`).toBe(true);
            ins.forEach((a, k) => expect(same(read(at[k]!, n), a), `${name} n=${n}: input ${k} changed`).toBe(true));
            const y = read(out, n);
            // Each element alone (n = 1) gives the same bits.
            for (let i = 0; i < n; i++) {
              const one = ins.map((a) => place(a.subarray(i, i + 1), 3));
              const o1 = place(new Float32Array(1), 2);
              f(...one.map((p) => p * 4), o1 * 4, 1, pa, pb);
              expect(same(read(o1, 1), y.subarray(i, i + 1)), `${name} n=${n}: element ${i} depends on its position`).toBe(true);
            }
            // In place over each input.
            for (let k = 0; k < inputs; k++) {
              const again = ins.map((a) => place(a, misalign));
              const args = again.map((p) => p * 4);
              f(...args, again[k]! * 4, n, pa, pb);
              expect(same(read(again[k]!, n), y), `${name} n=${n}: in place over input ${k}`).toBe(true);
              expect(guardsIntact(again[k]!, n)).toBe(true);
            }
          }
        } else if (kind === 'strided' || kind === 'strided2') {
          // [slabs, size, stride] blocks, lanes [0, lanes) computed: every lane (every partial
          // vector width) must equal its own column run alone (one slab, one lane, stride 1),
          // lanes past `lanes` and the guards untouched.
          const inputs = kind === 'strided' ? 1 : 2;
          // Forward kernels take a scratch address (0: none) for the per-lane state of the
          // row-by-row pass, in tiles of 1024 lanes (1031 lanes: a tile, a partial one, a tail);
          // both ways must give the same bits.
          const tmpArea = m.alloc(TILE_STATE_FLOATS, 0);
          const tmps = kind === 'strided' ? [0, tmpArea * 4] : [];
          const call = (tmp: number, ...args: number[]): number => {
            if (kind !== 'strided') return f(...args);
            const at = args.length - 2; // before a, b
            return f(...args.slice(0, at), tmp, ...args.slice(at));
          };
          for (const tmp of kind === 'strided' ? tmps : [0])
          for (const [slabs, size, stride] of [[1, 1, 1], [2, 3, 5], [1, 21, 67], [3, 7, 9], [2, 40, 4], [2, 2, 1031]]) {
            for (const lanes of new Set([stride, Math.max(1, stride - 1), Math.min(stride, 3)])) {
              const n = slabs * size * stride;
              const ins = Array.from({ length: inputs }, () => values(n));
              const at = ins.map((a, k) => place(a, (size + k) % 4));
              const outInit = values(n);
              const out = place(outInit, (size + 2) % 4);
              call(tmp, ...at.map((i) => i * 4), out * 4, slabs, size, lanes, stride, pa, pb);
              expect(guardsIntact(out, n), `${name} ${slabs}x${size}x${stride} lanes ${lanes}: wrote outside y`).toBe(true);
              ins.forEach((a, k) => expect(same(read(at[k]!, n), a), `${name}: input ${k} changed`).toBe(true));
              const y = read(out, n);
              for (let s = 0; s < slabs; s++) {
                for (let l = 0; l < stride; l++) {
                  const idx = (j: number) => (s * size + j) * stride + l;
                  const got = Float32Array.from({ length: size }, (_, j) => y[idx(j)]!);
                  if (l >= lanes) {
                    expect(same(got, Float32Array.from({ length: size }, (_, j) => outInit[idx(j)]!)), `${name}: lane ${l} ≥ lanes written`).toBe(true);
                    continue;
                  }
                  const cols = ins.map((a) => place(Float32Array.from({ length: size }, (_, j) => a[idx(j)]!), 1));
                  const o1 = place(new Float32Array(size), 3);
                  call(tmp, ...cols.map((c) => c * 4), o1 * 4, 1, size, 1, 1, pa, pb);
                  expect(same(read(o1, size), got), `${name} ${slabs}x${size}x${stride} lanes ${lanes}: slab ${s} lane ${l} depends on the others`).toBe(true);
                }
              }
              // In place over the last input.
              const again = ins.map((a) => place(a, 2));
              call(tmp, ...again.map((i) => i * 4), again[inputs - 1]! * 4, slabs, size, stride, stride, pa, pb);
              const whole = read(again[inputs - 1]!, n);
              const ref = (() => {
                const fresh = ins.map((a) => place(a, 1));
                const o = place(new Float32Array(n), 0);
                call(tmp, ...fresh.map((i) => i * 4), o * 4, slabs, size, stride, stride, pa, pb);
                return read(o, n);
              })();
              expect(same(whole, ref), `${name}: in place`).toBe(true);
            }
          }
        } else if (kind === 'rows' || kind === 'rows2' || kind === 'glu' || kind === 'glu2') {
          for (const len of [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 64, 67, 200]) {
            const glu = kind === 'glu' || kind === 'glu2';
            if (glu && len % 2 === 1) continue;
            for (const rows of [0, 1, 3]) {
              const n = rows * len;
              const inWidths = kind === 'rows' ? [len] : kind === 'rows2' ? [len, len] : kind === 'glu' ? [len] : [len / 2, len];
              const outWidth = kind === 'glu' ? len / 2 : len;
              const ins = inWidths.map((w) => values(rows * w));
              const at = ins.map((a, k) => place(a, (len + k) % 4));
              const out = place(new Float32Array(rows * outWidth), (len + 2) % 4);
              const rowArg = kind === 'glu2' ? len / 2 : len;
              f(...at.map((i) => i * 4), out * 4, rows, rowArg, pa, pb);
              expect(guardsIntact(out, rows * outWidth), `${name} rows=${rows} len=${len}: wrote outside y`).toBe(true);
              ins.forEach((a, k) => expect(same(read(at[k]!, a.length), a), `${name}: input ${k} changed`).toBe(true));
              const y = read(out, rows * outWidth);
              for (let r = 0; r < rows; r++) {
                const one = ins.map((a, k) => place(a.subarray(r * inWidths[k]!, (r + 1) * inWidths[k]!), 1));
                const o1 = place(new Float32Array(outWidth), 3);
                f(...one.map((p) => p * 4), o1 * 4, 1, rowArg, pa, pb);
                expect(same(read(o1, outWidth), y.subarray(r * outWidth, (r + 1) * outWidth)), `${name} len=${len}: row ${r} depends on the others`).toBe(true);
              }
              expect(n).toBeGreaterThanOrEqual(0);
            }
          }
        } else {
          // Reductions: max is exact; sums are float64 accumulations of float32 terms.
          for (let n = 0; n <= 67; n++) {
            const a = Float32Array.from(values(n), (v) => (Number.isFinite(v) ? v : 1.5));
            const b = Float32Array.from(values(n), (v) => (Number.isFinite(v) ? v : -0.5));
            const pa1 = place(a, n % 4);
            const pb1 = place(b, (n + 1) % 4);
            if (name.endsWith('_max')) {
              const sign = name.startsWith('softmin') ? -1 : 1;
              expect(f(pa1 * 4, n, 0, 0)).toBe(n ? Math.max(...[...a].map((v) => Math.fround(sign * v))) : -Infinity);
            } else if (name === 'softmax_sum') {
              const want = a.reduce((s, v) => s + v, 0);
              expect(Math.abs(f(pa1 * 4, n, 0, 0) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.reduce((s, v) => s + Math.abs(v), 0)));
            } else if (name === 'softmax_dot') {
              const want = a.reduce((s, v, i) => s + v * b[i]!, 0);
              expect(Math.abs(f(pa1 * 4, pb1 * 4, n, 0, 0) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.reduce((s, v, i) => s + Math.abs(v * b[i]!), 0)));
            } else {
              // Σ e^(±x - m): m the row's max of ±x, each term ≤ 1 and ≈ e^(±x - m) within 3 ULP.
              const sign = name.startsWith('softmin') ? -1 : 1;
              const mx = n ? Math.max(...[...a].map((v) => sign * v)) : 0;
              const want = a.reduce((s, v) => s + Math.exp(sign * v - mx), 0);
              expect(Math.abs(f(pa1 * 4, n, mx, 0) - want)).toBeLessThanOrEqual(4e-7 * Math.max(1, want));
            }
            expect(guardsIntact(pa1, n)).toBe(true);
          }
        }
      });
    }
  });
}
