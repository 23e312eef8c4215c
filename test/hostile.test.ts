// Hostile and careless callers: arrays that lie about themselves, option
// objects that change their answers, views that die or belong to disposed memory,
// polluted prototypes. Whatever the caller does, the package reads each argument once,
// computes on what it read, and never writes outside the caller's own arrays.

import { afterEach, describe, expect, it } from 'vitest';
import * as W from '../src/index.js';
import { allocate, hardtanh, leakyRelu, prelu, relu, setBackend, sigmoid, softmax, softplus, threshold, celu } from '../src/index.js';
import { BACKENDS } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';

afterEach(() => {
  setBackend('auto');
});

function random(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * 8);
}

const reluRef = (x: Float32Array) => Float32Array.from(x, (v) => (v > 0 ? v : 0));

for (const backend of BACKENDS) {
  describe(`hostile arrays on ${backend}`, () => {
    it('a Float32Array subclass whose constructor misbehaves is read as what it is', () => {
      setBackend(backend);
      class Tensor extends Float32Array {
        constructor(s: number | number[]) {
          super(Array.isArray(s) ? s[0]! : s);
        }
      }
      const k = allocate(50000);
      k.array.fill(42);
      const x = new Tensor([100000]);
      x.set(random(100000, 1));
      const y = relu(x);
      expect(y).toEqual(reluRef(x));
      expect(k.array.every((v) => v === 42)).toBe(true);
      const out = new Tensor([100000]);
      expect(relu(x, { out })).toBe(out);
      expect(Float32Array.from(out)).toEqual(reluRef(x));
      k.dispose();
    });

    it('lying length getters, species, own constructor properties and swapped prototypes change nothing', () => {
      setBackend(backend);
      const x = random(20000, 2);
      const want = reluRef(x);
      const lying = new Float32Array(x);
      Object.defineProperty(lying, 'length', { value: 100 });
      expect(relu(lying)).toEqual(want);
      class Species extends Float32Array {
        static override get [Symbol.species]() {
          return Float64Array;
        }
      }
      const sp = new Species(x);
      expect(relu(sp)).toEqual(want);
      const own = new Float32Array(x);
      Object.defineProperty(own, 'constructor', { value: Float64Array });
      Object.defineProperty(own, 'subarray', { value: () => new Float32Array(5) });
      expect(relu(own)).toEqual(want);
      // A Uint8Array dressed as a Float32Array, over wasm memory, as out: rejected, nothing written.
      const k = allocate(20000);
      k.array.fill(7);
      const fake = new Uint8Array(k.array.buffer, k.byteOffset, 20000 * 4);
      Object.setPrototypeOf(fake, Float32Array.prototype);
      expect(() => relu(x, { out: fake as unknown as Float32Array })).toThrow(/relu: out must be a (?:Float16Array, )?Float32Array or Float64Array; got Uint8Array\(80000\)/);
      expect(k.array.every((v) => v === 7)).toBe(true);
      k.dispose();
    });

    it('a Proxy of a Float32Array is not a Float32Array', () => {
      setBackend(backend);
      const x = new Float32Array(8);
      expect(() => sigmoid(new Proxy(x, {}) as Float32Array)).toThrow(/sigmoid: x must be a (?:Float16Array, )?Float32Array or Float64Array; got/);
      expect(() => sigmoid(x, { out: new Proxy(x, {}) as Float32Array })).toThrow(TypeError);
    });

    it('detached buffers and views a resize left out of bounds are TypeErrors (element-wise and rows)', () => {
      setBackend(backend);
      const x = random(64, 3);
      const detached = new Float32Array(64);
      structuredClone(detached.buffer, { transfer: [detached.buffer] });
      expect(() => sigmoid(detached)).toThrow(/sigmoid: x cannot be read: its buffer is detached/);
      expect(() => softmax(detached, { rowLength: 8 })).toThrow(/softmax: x cannot be read/);
      expect(() => sigmoid(x, { out: detached })).toThrow(/out cannot be read/);
      const resizable = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(256, { maxByteLength: 512 });
      const tracking = new Float32Array(resizable, 128);
      resizable.resize(64);
      expect(() => sigmoid(tracking)).toThrow(/x cannot be read/);
      expect(() => softmax(tracking, { rowLength: 4 })).toThrow(/x cannot be read/);
      // In bounds, a length-tracking view is read at its length now.
      resizable.resize(512);
      expect(sigmoid(tracking).length).toBe(96);
    });

    it('SharedArrayBuffer-backed arrays work in and out', () => {
      setBackend(backend);
      const x = random(10000, 4);
      const sx = new Float32Array(new SharedArrayBuffer(x.byteLength));
      sx.set(x);
      const out = new Float32Array(new SharedArrayBuffer(x.byteLength));
      expect(relu(sx, { out })).toBe(out);
      expect(out).toEqual(reluRef(x));
    });
  });

  describe(`views that die or belong to disposed memory on ${backend}`, () => {
    it('an out getter that grows wasm memory after x was passed: x is stale, a TypeError, nothing written', () => {
      setBackend(backend);
      const b = allocate(1000);
      b.array.set(random(1000, 5));
      const x = b.array;
      const keep: W.WasmBuffer[] = [];
      const opts = {
        get out() {
          keep.push(allocate(x.buffer.byteLength / 4)); // as large as the memory: it must grow
          return undefined;
        },
      };
      expect(() => sigmoid(x, opts)).toThrow(/sigmoid: x is a view of wasm memory from before it grew/);
      keep.forEach((k) => k.dispose());
      b.dispose();
    });

    it('a subarray of a disposed buffer is rejected, also after its memory found a new owner', () => {
      setBackend(backend);
      const x = random(256, 6);
      const b1 = allocate(100000);
      const s = b1.array.subarray(0, 256);
      b1.dispose();
      expect(() => sigmoid(x, { out: s })).toThrow(/sigmoid: out belongs to a disposed buffer/);
      const b2 = allocate(100000);
      b2.array.fill(9);
      expect(() => sigmoid(x, { out: s })).toThrow(/out (belongs to a disposed buffer|is a view of wasm memory from before)/);
      expect(() => prelu(x, { weight: s.subarray(0, 4) })).toThrow(/prelu: weight (belongs to a disposed buffer|is a view of wasm memory from before)/);
      expect(b2.array.every((v) => v === 9)).toBe(true);
      b2.dispose();
    });

    it('a stale view as prelu weight gets the stale-view TypeError', () => {
      setBackend(backend);
      const w = allocate(4);
      w.array.set([0.1, 0.2, 0.3, 0.4]);
      const stale = w.array;
      const big = allocate(stale.buffer.byteLength / 4);
      expect(() => prelu(random(16, 7), { weight: stale })).toThrow(/prelu: weight is a view of wasm memory from before it grew/);
      big.dispose();
      w.dispose();
    });
  });

  describe(`options read once on ${backend}`, () => {
    it('a getter that changes its answer cannot poison the parameter cache', () => {
      setBackend(backend);
      const x = random(64, 8);
      let n = 0;
      const beta2 = softplus(x, { beta: 2 });
      const beta1 = softplus(x, { beta: 1 });
      expect(softplus(x, { get beta() { return n++ ? 1 : 2; } })).toEqual(beta2);
      expect(n).toBe(1);
      expect(softplus(x, { beta: 1 })).toEqual(beta1);
      n = 0;
      leakyRelu(x, { get negativeSlope() { return n++ ? NaN : 0.1; } });
      expect(() => leakyRelu(x, { negativeSlope: NaN })).toThrow(RangeError);
      n = 0;
      hardtanh(x, { minVal: -1, get maxVal() { return n++ ? -2 : 1; } });
      expect(() => hardtanh(x, { minVal: -1, maxVal: -2 })).toThrow(RangeError);
      n = 0;
      threshold(x, { threshold: 0.5, get value() { return n++ ? undefined : 3; } } as never);
      expect(() => threshold(x, { threshold: 0.5 } as never)).toThrow(/option value is required/);
    });

    it('each option is read exactly once, and a getter may call the package', () => {
      setBackend(backend);
      const x = random(64, 9);
      let reads = 0;
      let inner: Float32Array | undefined;
      const y = sigmoid(x, {
        get out() {
          reads++;
          inner = sigmoid(x);
          return undefined;
        },
      });
      expect(reads).toBe(1);
      expect(y).toEqual(inner);
    });

    it('inherited options are ignored', () => {
      setBackend(backend);
      const x = random(64, 10);
      const polluted = new Float32Array(3);
      const proto = Object.prototype as Record<string, unknown>;
      proto.out = polluted;
      proto.negativeSlope = 5;
      try {
        const y = sigmoid(x);
        expect(y.length).toBe(64);
        expect(polluted.every((v) => v === 0)).toBe(true);
        expect(leakyRelu(x, {})).toEqual(Float32Array.from(x, (v) => (v > 0 ? v : Math.fround(0.01) * v)));
      } finally {
        delete proto.out;
        delete proto.negativeSlope;
      }
    });

    it('a parameter that overflows float32 is judged as the Infinity it becomes', () => {
      setBackend(backend);
      const x = random(8, 11);
      expect(() => celu(x, { alpha: 3.5e38 })).toThrow(/celu: alpha must be finite; got 3\.5e\+38 \(Infinity in float32\)/);
      expect(() => celu(x, { alpha: Infinity })).toThrow(RangeError);
      expect(() => celu(x, { alpha: 1e-46 })).toThrow(/alpha must not be 0 or subnormal/);
      expect(celu(Float64Array.from(x), { alpha: 3.5e38 }).length).toBe(8); // float64 data: a finite alpha
    });
  });
}

describe('non-finite dy in the softmax family (IEEE results of the formula, every backend alike)', () => {
  // dx = ±y·(dy − Σ dy·y) and dx = dy − e^y·Σ dy: with dy_j = +Inf the sum is +Inf, so
  // dx_j = NaN (Inf − Inf) and every other dx_i = ∓Inf·y_i, or NaN where y_i rounds to 0 in
  // float32 (as PyTorch computes it); never a whole row of NaN from how a kernel splits the sum.
  const x = Float32Array.from([
    0.5, -1, 2, 0.25, -0.75, 1.5, -2, 0, -1.25, 1, // every y well inside float32
    0.5, -1, 2, 0.25, -0.75, 1.5, -2, 0, -200, 3, // y of -200 (softmax) and 2 (softmin) round to 0
  ]);
  const dy = Float32Array.from([
    0.1, -0.2, Infinity, 0.3, 0.05, -0.1, 0.2, 0.4, 0.5, -0.3,
    0.1, -0.2, Infinity, 0.3, 0.05, -0.1, 0.2, 0.4, 0.5, -0.3,
  ]);
  const kind = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : 'finite');
  for (const name of ['softmax', 'softmin', 'logSoftmax'] as const) {
    for (const method of ['backward', 'backwardFromOutput'] as const) {
      it(`${name}.${method}`, () => {
        const fn = W[name];
        let first: string[] | undefined;
        for (const backend of BACKENDS) {
          setBackend(backend);
          const z = method === 'backward' ? x : fn(x, { rowLength: 10 });
          const kinds = [...fn[method](dy, z, { rowLength: 10 })].map(kind);
          const row0 = kinds.slice(0, 10);
          expect(row0[2], `${backend}: the infinite element`).toBe('NaN');
          expect(row0.filter((k) => k === 'NaN'), `${backend}: ${row0.join(' ')}`).toHaveLength(1);
          expect(row0.filter((k) => k === 'finite'), `${backend}: ${row0.join(' ')}`).toHaveLength(0);
          if (first) expect(kinds, backend).toEqual(first);
          first ??= kinds;
        }
      });
    }
  }
});
