// Float16Array data (where the runtime has it: Node 24+, current browsers). The contract:
// float16 data computes in float32 and rounds once to half, to nearest even. Checked two
// ways on every backend: bitwise, the result is the float32 computation on the widened
// inputs rounded to half (so every kernel's float32 contract carries over), and against
// the float64 references, in half-precision ULPs: ≤ 1 half ULP (the float32 error is at
// most 8 float32 ULPs = 2^-10 half ULP, plus the final rounding's 0.5), or, where the
// float32 contract is absolute (gradients next to zero), within that bound plus half a
// half ULP.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as W from '../src/index.js';
import { ELEMENTWISE } from '../src/catalogue/index.js';
import { BACKENDS, MODES, defaultParams, publicFunction, type Mode } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';
import { REFERENCES } from './support/reference.js';
import { softmaxRow } from './support/rows-reference.js';

type Half = Float32Array; // (a Float16Array: the package's TypeScript lib predates it)
const F16 = (globalThis as { Float16Array?: { new (n: number | ArrayLike<number> | ArrayBufferLike, ...rest: number[]): Half; from(a: ArrayLike<number>): Half } }).Float16Array;

afterEach(() => {
  W.setBackend('auto');
});

/** Worst half-ULP error per function|mode|backend, for `npm run accuracy` (FLOAT16_ACCURACY_JSON). */
const worstHalf = new Map<string, number>();
afterAll(async () => {
  const file = typeof process === 'object' ? process.env.FLOAT16_ACCURACY_JSON : undefined;
  if (file && worstHalf.size > 0) {
    const { writeFileSync } = await import('node:fs');
    const measured = [...worstHalf].map(([key, ulp]) => {
      const [name, mode, backend] = key.split('|') as [string, string, string];
      return { name, mode, backend, ulp };
    });
    writeFileSync(file, JSON.stringify({ inputs: 65536, backends: BACKENDS, measured }, null, 1));
  }
});

/** Spacing of halves at |r| (the subnormal quantum 2^-24 below 2^-14). */
function halfUlp(r: number): number {
  const a = Math.abs(r);
  if (a < 2 ** -14) return 2 ** -24;
  return 2 ** (Math.min(15, Math.floor(Math.log2(a))) - 10);
}

/** Error of a half result against a float64 reference in half ULPs. */
function halfUlpError(got: number, ref: number): number {
  if (Number.isNaN(ref) || Number.isNaN(got)) return Number.isNaN(ref) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(ref)) return got === ref ? 0 : Infinity;
  // ±Infinity is the right rounding from 65520 (half-way to 2^16) on: it stands for ±max(2^16, |ref|).
  const g = Number.isFinite(got) ? got : Math.sign(got) * Math.max(65536, Math.abs(ref));
  return Math.abs(g - ref) / halfUlp(Math.min(Math.abs(ref), 65504));
}

function bits(a: Half): Uint16Array {
  return new Uint16Array(a.buffer, a.byteOffset, a.length);
}

/** Bit patterns that differ, NaNs compared as NaN; the first few, readably. */
function bitDiffs(got: Half, want: Half, inputs: Half): string[] {
  const g = bits(got);
  const w = bits(want);
  const bad: string[] = [];
  for (let i = 0; i < g.length && bad.length < 5; i++) {
    if (g[i] !== w[i] && !(Number.isNaN(got[i]!) && Number.isNaN(want[i]!))) bad.push(`x=${inputs[i]}: ${got[i]} (0x${g[i]!.toString(16)}), want ${want[i]}`);
  }
  return bad;
}

if (!F16) {
  it.skip('Float16Array: this runtime has none (Node < 24); these tests run on Node 24/26 and in the browsers', () => {});
  it('without Float16Array, allocate(n, { dtype: \'float16\' }) is a TypeError that says why', () => {
    expect(() => W.allocate(4, { dtype: 'float16' })).toThrow(/allocate: dtype 'float16' needs Float16Array, which this runtime lacks/);
  });
} else {
  /** Every half bit pattern (finite, subnormal, ±0, ±Infinity, NaNs). */
  const ALL = new F16(new Uint16Array(Uint16Array.from({ length: 65536 }, (_, i) => i)).buffer);
  const rand = mulberry32(16);
  const DY = F16.from(Array.from({ length: ALL.length }, () => (rand() * 2 - 1) * (rand() < 0.1 ? 300 : 3)));
  const widen = (a: Half): Float32Array => Float32Array.from(a);

  describe('float16 element-wise: the float32 result rounded once to half, ≤ 1 half ULP of the float64 reference', () => {
    for (const spec of ELEMENTWISE) {
      const ref = REFERENCES[spec.name];
      if (!ref || !spec.params.every((p) => !('required' in p && p.required))) continue;
      const fn = publicFunction(spec);
      const p = defaultParams(spec);
      for (const mode of MODES) {
        if (mode === 'backwardFromOutput' && (!spec.fromOutput || !ref.fromOutput || spec.fromOutputCheck?.(p))) continue;
        // y inputs for the y-form: the half rounding of the reference outputs.
        const input = mode === 'backwardFromOutput' ? F16.from(Array.from(ALL, (v) => ref.forward(v, p))) : ALL;
        const dy = mode === 'backward' || mode === 'backwardFromOutput' ? DY : undefined;
        const call = (x: Float32Array, d: Float32Array | undefined, m: Mode): Float32Array =>
          m === 'forward' ? fn(x) : m === 'derivative' ? fn.derivative(x) : m === 'backward' ? fn.backward(d!, x) : fn.backwardFromOutput(d!, x);
        for (const backend of BACKENDS) {
          it(`${spec.name} ${mode} on ${backend}`, () => {
            W.setBackend(backend);
            const got = call(input, dy, mode) as Half;
            expect(Object.prototype.toString.call(got)).toBe('[object Float16Array]');
            expect(bitDiffs(got, F16.from(call(widen(input), dy && widen(dy), mode)), input)).toEqual([]);
            let worst = 0;
            const failures: string[] = [];
            for (let i = 0; i < input.length; i++) {
              const x = input[i]!;
              const slope = mode === 'forward' ? 1 : mode === 'backwardFromOutput' ? ref.fromOutput!(x, p) : ref.derivative(x, p);
              const want = mode === 'forward' ? ref.forward(x, p) : (dy ? dy[i]! : 1) * slope;
              const e = halfUlpError(got[i]!, want);
              // The float32 contract's absolute bound for gradients, plus the final rounding.
              const absOk = mode !== 'forward' && Math.abs(got[i]! - want) <= 2 ** -24 * Math.max(1, Math.abs(dy ? dy[i]! : 1)) + halfUlp(want) / 2;
              // f' exactly representable as a kink value: finite differences aside, the reference's own choice at a kink.
              if (e > 1 && !absOk && failures.length < 5) failures.push(`x=${x}${dy ? ` dy=${dy[i]}` : ''}: ${got[i]} vs ${want} (${e.toFixed(2)} half ULP)`);
              if (Number.isFinite(e) && !absOk) worst = Math.max(worst, e);
            }
            worstHalf.set(`${spec.name}|${mode}|${backend}`, worst);
            expect(failures).toEqual([]);
            expect(worst).toBeLessThanOrEqual(1);
          });
        }
      }
    }
  });

  describe('float16 structured functions: the float32 computation rounded once to half, on every backend', () => {
    const rows = 64;
    const len = 300;
    const x = F16.from(Array.from({ length: rows * len }, () => (rand() * 2 - 1) * 12));
    const g = F16.from(Array.from({ length: rows * len }, () => rand() * 2 - 1));
    const shape = [4, 3, 40, 40]; // softmax over dim 1 of NCHW
    const xs = F16.from(Array.from({ length: 4 * 3 * 40 * 40 }, () => (rand() * 2 - 1) * 12));
    const gs = F16.from(Array.from({ length: xs.length }, () => rand() * 2 - 1));
    const weight = F16.from([0.25, -0.5, 2]);
    const weightArg = (): Float32Array => weight;
    /** `stored` is how an intermediate result is kept: as half on the float16 path, rounded to half on the float32 one. */
    type Case = (x: Float32Array, g: Float32Array, xs: Float32Array, gs: Float32Array, w: Float32Array, stored: (a: Float32Array) => Float32Array) => Float32Array;
    const cases: [string, Case][] = [
      ['softmax rows', (a) => W.softmax(a, { rowLength: len })],
      ['logSoftmax rows', (a) => W.logSoftmax(a, { rowLength: len })],
      ['softmin rows', (a) => W.softmin(a, { rowLength: len })],
      ['softmax.backward rows', (a, d) => W.softmax.backward(d, a, { rowLength: len })],
      ['logSoftmax.backwardFromOutput rows', (a, d, _s, _ds, _w, stored) => W.logSoftmax.backwardFromOutput(d, stored(W.logSoftmax(a, { rowLength: len })), { rowLength: len })],
      ['softmax over dim 1', (_a, _d, s) => W.softmax(s, { shape, dim: 1 })],
      ['softmax.backward over dim 1', (_a, _d, s, ds) => W.softmax.backward(ds, s, { shape, dim: 1 })],
      ['logSoftmax over dim -3', (_a, _d, s) => W.logSoftmax(s, { shape, dim: -3 })],
      ['glu', (a) => W.glu(a, { rowLength: len })],
      ['glu.backward', (a, d) => W.glu.backward(d.subarray(0, d.length / 2), a, { rowLength: len })],
      ['glu over dim 1', (_a, _d, s) => W.glu(s, { shape: [4, 6, 20, 40], dim: 1 })],
      ['prelu per channel', (_a, _d, s, _ds, w) => W.prelu(s, { weight: w, layout: 'channelsFirst', innerSize: 1600 })],
      ['prelu.backward per channel', (_a, _d, s, ds, w) => W.prelu.backward(ds, s, { weight: w, layout: 'channelsFirst', innerSize: 1600 })],
      ['prelu.weightGradient', (_a, _d, s, ds) => W.prelu.weightGradient(ds, s, { weight: weightArg(), layout: 'channelsFirst', innerSize: 1600 })],
      ['gelu with a per-channel bias (epilogue)', (_a, _d, s, _ds, w) => W.gelu(s, { bias: w, layout: 'channelsFirst', innerSize: 1600 })],
      ['silu.backward with a bias: dx', (_a, _d, s, ds) => W.silu.backward(ds, s, { bias: 0.375 })],
      ['sigmoid.backward: biasGrad, per-channel sums of dx', (_a, _d, s, ds, w) => {
        const biasGrad = w.slice();
        W.sigmoid.backward(ds, s, { bias: w, layout: 'channelsFirst', innerSize: 1600, biasGrad });
        return biasGrad;
      }],
      ['addBias per channel', (_a, _d, s, _ds, w) => W.addBias(s, { bias: w, innerSize: 1600 })],
      ['rrelu (evaluation)', (a) => W.rrelu(a, { training: false })],
      ['rrelu (training, seeded)', (a) => W.rrelu(a, { training: true, seed: 5 })],
    ];
    for (const [name, f] of cases) {
      for (const backend of BACKENDS) {
        it(`${name} on ${backend}`, () => {
          W.setBackend(backend);
          const got = f(x, g, xs, gs, weight, (a) => a) as Half;
          expect(Object.prototype.toString.call(got)).toBe('[object Float16Array]');
          const single = f(widen(x), widen(g), widen(xs), widen(gs), widen(weight), (a) => widen(F16.from(a)));
          expect(bitDiffs(got, F16.from(single), got)).toEqual([]);
        });
      }
    }
    it('softmax rows are within 1 half ULP or 2^-23 + half a half ULP of the float64 softmax', () => {
      for (const backend of BACKENDS) {
        W.setBackend(backend);
        const y = W.softmax(x, { rowLength: len }) as Half;
        for (let r = 0; r < rows; r++) {
          const want = softmaxRow(x.subarray(r * len, (r + 1) * len));
          for (let j = 0; j < len; j++) {
            const got = y[r * len + j]!;
            const ok = halfUlpError(got, want[j]!) <= 1 || Math.abs(got - want[j]!) <= 2 ** -23 + halfUlp(want[j]!) / 2;
            if (!ok) expect.fail(`${backend}: row ${r}[${j}]: ${got} vs ${want[j]}`);
          }
        }
      }
    });
  });

  describe('allocate(n, { dtype: \'float16\' }): zero-copy float16 buffers', () => {
    for (const backend of BACKENDS) {
      it(`computed in place in wasm memory, the streamed bits, on ${backend}`, () => {
        W.setBackend(backend);
        const n = 50000; // several chunks and a partial one
        const src = F16.from(Array.from({ length: n }, (_, i) => Math.sin(i) * 6));
        // (try/finally, not `using`: WebKit's parser has no `using` yet)
        const a = W.allocate(n, { dtype: 'float16' });
        const b = W.allocate(n, { dtype: 'float16' });
        try {
          expect(a.dtype).toBe('float16');
          expect(Object.prototype.toString.call(a.array)).toBe('[object Float16Array]');
          a.array.set(src);
          expect(W.sigmoid(a.array, { out: b.array })).toBe(b.array);
          expect(bitDiffs(b.array, W.sigmoid(src) as Half, src)).toEqual([]);
          W.gelu.backward(a.array, b.array, { out: b.array });
          expect(bitDiffs(b.array, W.gelu.backward(src, W.sigmoid(src)) as Half, src)).toEqual([]);
          W.softmax(a.array, { rowLength: 500, out: a.array });
          expect(bitDiffs(a.array, W.softmax(src, { rowLength: 500 }) as Half, src)).toEqual([]);
          // Mixed: a resident input, a plain output.
          a.array.set(src);
          expect(bitDiffs(W.tanh(a.array) as Half, W.tanh(src) as Half, src)).toEqual([]);
        } finally {
          a.dispose();
          b.dispose();
        }
      });
    }
    it('bad dtypes are TypeErrors; float32 stays the default', () => {
      expect(() => W.allocate(4, { dtype: 'float64' } as never)).toThrow(/^allocate: dtype must be 'float32' or 'float16'; got "float64"$/);
      expect(() => W.allocate(4, 'float16' as never)).toThrow(TypeError);
      const f = W.allocate(4, { dtype: 'float32' });
      const h = W.allocate(4, { dtype: 'float16' });
      expect(f.dtype).toBe('float32');
      expect(f.array).toBeInstanceOf(Float32Array);
      // A float16 buffer's view is no Float32Array: mixing dtypes is caught as with plain arrays.
      expect(() => W.relu(h.array, { out: f.array })).toThrow(/relu: out must be a Float16Array like the input/);
      f.dispose();
      h.dispose();
    });
  });

  describe('float16 arguments', () => {
    it('in place and with out: the caller\'s arrays, float16 results', () => {
      const x = F16.from([-2, -0.5, 0, 1.5, 65504, -Infinity, NaN]);
      const out = new F16(x.length);
      expect(W.relu(x, { out })).toBe(out);
      expect(Array.from(out)).toEqual([0, 0, 0, 1.5, 65504, 0, NaN]);
      expect(W.relu(x, { out: x })).toBe(x);
      expect(Array.from(x)).toEqual([0, 0, 0, 1.5, 65504, 0, NaN]);
      // Parameters are float32-rounded; the float32 result rounds once to half.
      expect(W.leakyRelu(F16.from([-1]), { negativeSlope: 0.1 })[0]).toBe(F16.from([-Math.fround(0.1)])[0]);
      expect(W.sigmoid(F16.from([60000]))[0]).toBe(1);
    });

    it('mixed dtypes are a TypeError naming the argument; nothing is written', () => {
      const x = F16.from([1, 2, 3]);
      const out32 = new Float32Array(3).fill(7);
      expect(() => W.relu(x, { out: out32 })).toThrow(TypeError);
      expect(() => W.relu(x, { out: out32 })).toThrow(/^relu: out must be a Float16Array like the input; got Float32Array\(3\)/);
      expect(Array.from(out32)).toEqual([7, 7, 7]);
      expect(() => W.gelu.backward(new Float32Array(3), x)).toThrow(/gelu\.backward: x must be a Float32Array like dy; got Float16Array\(3\)/);
      expect(() => W.softmax(x, { rowLength: 3, out: new Float64Array(3) })).toThrow(TypeError);
      expect(() => W.relu(new Int16Array(3) as never)).toThrow(/x must be a Float16Array, Float32Array or Float64Array; got/);
    });

    it('a Float16Array subclass that lies about itself is read as what it is', () => {
      class Lying extends F16! {
        static get [Symbol.species]() {
          return Float64Array;
        }
      }
      const x = new Lying(4) as Half;
      x.set([-1, 2, -3, 4]);
      Object.defineProperty(x, 'length', { value: 1 });
      Object.defineProperty(x, 'buffer', { value: new ArrayBuffer(8) });
      const y = W.relu(x);
      expect(Object.prototype.toString.call(y)).toBe('[object Float16Array]');
      expect(Array.from(y)).toEqual([0, 2, 0, 4]);
    });

    it('a detached or out-of-bounds Float16Array is a TypeError', () => {
      const buffer = new ArrayBuffer(16);
      const x = new F16(buffer) as Half;
      structuredClone(buffer, { transfer: [buffer] });
      expect(() => W.relu(x)).toThrow(/relu: x cannot be read: its buffer is detached/);
      const resizable = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 32 });
      const v = new F16(resizable, 8, 4) as Half;
      resizable.resize(8);
      expect(() => W.relu(v)).toThrow(TypeError);
    });

  });
}
