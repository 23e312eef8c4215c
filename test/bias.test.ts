// The bias epilogue: for every element-wise activation, every method, every backend and
// both memory paths, f(x, { bias }) is bitwise f(addBias(x, { bias })); addBias is the
// float32 rounding of x + b; biasGrad is the per-channel sum of dx (against float64 sums
// and finite differences); bad options throw before anything is written.

import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { addBias, allocate, gelu, relu, setBackend, sigmoid, softplus, tanh } from '../src/index.js';
import { ELEMENTWISE } from '../src/catalogue/index.js';
import { CHUNK } from '../src/memory.js';
import { BACKENDS, MODES, PATHS, run } from './support/harness.js';
import { denseInputs, gradients, mulberry32 } from './support/inputs.js';
import { rejects } from './support/rejects.js';
import { channelOf } from './support/rows-reference.js';
import { ulpError } from './support/ulp.js';

afterEach(() => {
  setBackend('auto');
});

/** Past three scratch chunks, and whole periods of every configuration below (35·91 = 3185). */
const N = 8 * 3185;
expect(N).toBeGreaterThan(3 * CHUNK);
const X = denseInputs().subarray(0, N);
const DY = gradients(N, 3);
const B7 = new Float32Array([0.5, -1.25, 3, -0.001, 7.5, 0, -40]);

/** Bias configurations: each path of the epilogue (number, expanded per chunk, per run, one fill per call). */
const CONFIGS: { label: string; opts: Record<string, unknown>; C: number; inner: number; layout: 'channelsFirst' | 'channelsLast' }[] = [
  { label: 'number bias', opts: { bias: -0.75 }, C: 1, inner: N, layout: 'channelsFirst' },
  { label: 'channelsLast C=7 (period fits a chunk: one fill)', opts: { bias: B7, layout: 'channelsLast' }, C: 7, inner: 1, layout: 'channelsLast' },
  { label: 'channelsFirst C=7 innerSize=13', opts: { bias: B7, innerSize: 13 }, C: 7, inner: 13, layout: 'channelsFirst' },
  { label: 'channelsFirst C=5 innerSize=N/5 long runs (scalar add per run)', opts: { bias: B7.subarray(0, 5), innerSize: N / 5 }, C: 5, inner: N / 5, layout: 'channelsFirst' },
  { label: 'channelsFirst C=35 innerSize=91: a period past a quarter chunk (filled per chunk)', opts: { bias: Float64Array.from({ length: 35 }, (_, i) => i / 7 - 2.5), innerSize: 91 }, C: 35, inner: 91, layout: 'channelsFirst' },
];

/**
 * The bits of every element, NaN as one pattern: neither wasm nor JavaScript fixes the
 * sign and payload of a NaN an operation returns, so two runs of one kernel on the same
 * NaN may differ there (V8 flips a NaN's sign depending on the code it generated).
 */
function bits(a: Float32Array): Uint32Array {
  const u = Uint32Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
  for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) u[i] = 0x7fc00000;
  return u;
}

describe('addBias', () => {
  for (const c of CONFIGS) {
    it(`${c.label}: x + b rounded once to float32 on every backend and path`, () => {
      const b = c.opts.bias as number | Float32Array | Float64Array;
      const want = Float32Array.from(X, (v, i) => v + (typeof b === 'number' ? b : Math.fround(b[channelOf(i, c.C, c.layout, c.inner)]!)));
      for (const backend of BACKENDS) {
        setBackend(backend);
        expect(bits(addBias(X, c.opts as never)), backend).toEqual(bits(want));
        const buf = allocate(N);
        buf.array.set(X);
        addBias(buf.array, { ...c.opts, out: buf.array } as never);
        expect(bits(buf.array), `${backend} in place, zero-copy`).toEqual(bits(want));
        buf.dispose();
      }
    });
  }
  it('keeps the sign of zero (x + -0 is x) and handles Infinity bias', () => {
    const x = new Float32Array([-0, 0, -0, 1]);
    for (const backend of BACKENDS) {
      setBackend(backend);
      expect([...addBias(x, { bias: new Float32Array([-0, -0]) })].map((v) => Object.is(v, -0)), backend).toEqual([true, false, true, false]);
      expect([...addBias(x, { bias: Infinity })], backend).toEqual([Infinity, Infinity, Infinity, Infinity]);
    }
  });
  it('Float64Array data: exact float64 sums (a float32 bias too)', () => {
    const x = Float64Array.from(X.subarray(0, 98), (v) => v / 3);
    const y = addBias(x, { bias: B7, layout: 'channelsLast' }) as Float64Array;
    expect(y).toBeInstanceOf(Float64Array);
    expect([...y]).toEqual([...x].map((v, i) => v + B7[i % 7]!));
  });
});

describe('the epilogue is bitwise the separate add, for every element-wise activation', () => {
  for (const spec of ELEMENTWISE) {
    const fn = (api as unknown as Record<string, unknown>)[spec.name];
    const params = spec.name === 'threshold' ? { threshold: 0.5, value: -2 } : {};
    it(`${spec.name}: ${MODES.join(', ')} on ${BACKENDS.join(', ')}, both paths`, () => {
      const modes = MODES.filter((m) => m !== 'backwardFromOutput' || 'backwardFromOutput' in (fn as object) && spec.fromOutput);
      for (const c of CONFIGS.slice(0, spec.name === 'gelu' || spec.name === 'sigmoid' ? CONFIGS.length : 3)) {
        for (const backend of BACKENDS) {
          setBackend(backend);
          const shifted = addBias(X, c.opts as never);
          for (const path of PATHS) {
            for (const mode of modes) {
              // backwardFromOutput takes y = f(x + b), so the bias only frames biasGrad.
              const input = mode === 'backwardFromOutput' ? X : shifted;
              const want = run(spec.name, backend, path, mode, input, mode.startsWith('backward') ? DY : undefined, params);
              const got = run(spec.name, backend, path, mode, X, mode.startsWith('backward') ? DY : undefined, { ...params, ...c.opts });
              expect(bits(got), `${c.label} ${backend} ${path} ${mode}`).toEqual(bits(want));
            }
          }
        }
      }
    });
  }

  it('in place over x (plain and zero-copy) and out = dy in backward', () => {
    const opts = { bias: B7, innerSize: 13 };
    for (const backend of BACKENDS) {
      setBackend(backend);
      const want = gelu(addBias(X, opts));
      const a = X.slice();
      expect(bits(gelu(a, { ...opts, out: a }))).toEqual(bits(want));
      const buf = allocate(N);
      buf.array.set(X);
      gelu(buf.array, { ...opts, out: buf.array });
      expect(bits(buf.array), backend).toEqual(bits(want));
      const wantDx = gelu.backward(DY, addBias(X, opts));
      const d = DY.slice();
      const g = new Float32Array(7);
      expect(bits(gelu.backward(d, X, { ...opts, out: d, biasGrad: g }))).toEqual(bits(wantDx));
      buf.array.set(X);
      gelu.backward(DY, buf.array, { ...opts, out: buf.array });
      expect(bits(buf.array), `${backend} backward in place over x`).toEqual(bits(wantDx));
      buf.dispose();
    }
  });
});

/** Float64 sums of dx per channel. */
function channelSums(dx: ArrayLike<number>, C: number, inner: number, layout: 'channelsFirst' | 'channelsLast'): Float64Array {
  const s = new Float64Array(C);
  for (let i = 0; i < dx.length; i++) s[channelOf(i, C, layout, inner)] += dx[i]!;
  return s;
}

describe('biasGrad', () => {
  for (const c of CONFIGS) {
    it(`${c.label}: the per-channel sums of dx, within 1 float32 ulp of the float64 sum, on every backend and path`, () => {
      for (const backend of BACKENDS) {
        for (const path of PATHS) {
          for (const [f, mode] of [[softplus, 'backward'], [tanh, 'backwardFromOutput']] as const) {
            const g = new Float32Array(c.C).fill(123);
            const input = mode === 'backward' ? X : tanh(addBias(X, c.opts as never));
            const dx = run(f.name, backend, path, mode, input, DY, c.opts);
            run(f.name, backend, path, mode, input, DY, { ...c.opts, biasGrad: g });
            const ref = channelSums(dx, c.C, c.inner, c.layout);
            for (let k = 0; k < c.C; k++) {
              expect(ulpError(g[k]!, ref[k]!), `${backend} ${path} ${mode} channel ${k}: ${g[k]} vs ${ref[k]}`).toBeLessThanOrEqual(1);
            }
          }
        }
      }
    });
  }

  it('Float64Array data: matches central finite differences of Σ dy·f(x + b) in b', () => {
    const rand = mulberry32(9);
    const C = 4, inner = 25, n = C * inner * 3;
    const x = Float64Array.from({ length: n }, () => rand() * 6 - 3);
    const dy = Float64Array.from({ length: n }, () => rand() * 2 - 1);
    const b = Float64Array.from({ length: C }, () => rand() - 0.5);
    for (const f of [gelu, sigmoid, api.mish, api.elu]) {
      const g = new Float64Array(C);
      f.backward(dy, x, { bias: b, innerSize: inner, biasGrad: g });
      const loss = (bb: Float64Array) => (f(x, { bias: bb, innerSize: inner }) as Float64Array).reduce((s, v, i) => s + v * dy[i]!, 0);
      for (let k = 0; k < C; k++) {
        const h = 1e-6;
        const up = b.slice();
        const down = b.slice();
        up[k] += h;
        down[k] -= h;
        const fd = (loss(up) - loss(down)) / (2 * h);
        expect(Math.abs(g[k]! - fd), `${f.name} channel ${k}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('a number bias gives one sum; without bias, biasGrad alone frames the channels', () => {
    for (const backend of BACKENDS) {
      setBackend(backend);
      const one = new Float32Array(1);
      const dx = relu.backward(DY, X, { bias: 0.25, biasGrad: one });
      expect(ulpError(one[0]!, dx.reduce((s, v) => s + v, 0))).toBeLessThanOrEqual(1);
      const g = new Float32Array(7);
      const dx2 = relu.backward(DY, X, { biasGrad: g, layout: 'channelsLast' });
      const ref = channelSums(dx2, 7, 1, 'channelsLast');
      g.forEach((v, k) => expect(ulpError(v, ref[k]!)).toBeLessThanOrEqual(1));
    }
  });
});

describe('bias option errors: the right error, naming the argument, nothing written', () => {
  const x = new Float32Array([1, -2, 3, -4, 5, -6, 7, -8]);
  const dy = new Float32Array(8).fill(0.5);
  const bias = new Float32Array([1, 2]);
  const cases: [string, typeof TypeError | typeof RangeError, RegExp, (out: Float32Array) => unknown][] = [
    ['bias a string', TypeError, /^gelu: bias must be a number, (?:Float16Array, )?Float32Array or Float64Array; got "1"/, (out) => gelu(x, { bias: '1' as never, out })],
    ['bias NaN', RangeError, /bias must not be NaN/, (out) => gelu(x, { bias: NaN, out })],
    ['bias[1] NaN', RangeError, /bias\[1\] is NaN/, (out) => gelu(x, { bias: new Float32Array([0, NaN]), out })],
    ['bias empty', RangeError, /bias must hold at least one value/, (out) => gelu(x, { bias: new Float32Array(0), out })],
    ['bias an Int32Array', TypeError, /bias must be a number, (?:Float16Array, )?Float32Array or Float64Array/, (out) => gelu(x, { bias: new Int32Array(2) as never, out })],
    ['length not whole periods', RangeError, /x has length 8, not a multiple of the 3 channels of bias/, (out) => gelu(x, { bias: new Float32Array(3), layout: 'channelsLast', out })],
    ['innerSize does not divide', RangeError, /C·innerSize = 2·3/, (out) => gelu(x, { bias, innerSize: 3, out })],
    ['innerSize with channelsLast', RangeError, /innerSize applies to layout 'channelsFirst' only/, (out) => gelu(x, { bias, innerSize: 2, layout: 'channelsLast', out })],
    ['layout unknown', TypeError, /layout must be one of "channelsFirst", "channelsLast"; got "NCHW"/, (out) => gelu(x, { bias, layout: 'NCHW' as never, out })],
    ['innerSize 0', RangeError, /innerSize must be a positive integer; got 0/, (out) => gelu(x, { bias, innerSize: 0, out })],
    ['layout without bias', TypeError, /layout and innerSize describe a per-channel bias/, (out) => gelu(x, { layout: 'channelsLast', out })],
    ['biasGrad on forward', TypeError, /unknown option "biasGrad"/, (out) => gelu(x, { biasGrad: new Float32Array(2), out } as never)],
    ['bias sharing memory with out', RangeError, /bias must not share memory with out/, (out) => gelu(x, { bias: out.subarray(0, 2), out })],
    ['biasGrad Float64Array', TypeError, /biasGrad must be a Float32Array like x; got Float64Array/, (out) => gelu.backward(dy, x, { bias, biasGrad: new Float64Array(2), out })],
    ['biasGrad wrong length', RangeError, /biasGrad has length 3 but bias has length 2/, (out) => gelu.backward(dy, x, { bias, biasGrad: new Float32Array(3), out })],
    ['biasGrad for a number bias', RangeError, /biasGrad has length 2 but a number bias has 1 value/, (out) => gelu.backward(dy, x, { bias: 1, biasGrad: new Float32Array(2), out })],
    ['biasGrad sharing memory with out', RangeError, /biasGrad must not share memory with out/, (out) => gelu.backward(dy, x, { bias, biasGrad: out.subarray(6), out })],
    ['biasGrad sharing memory with x', RangeError, /biasGrad must not share memory with x/, (out) => gelu.backward(dy, x, { bias, biasGrad: x.subarray(0, 2), out })],
    ['biasGrad sharing memory with bias', RangeError, /biasGrad must not share memory with bias/, (out) => gelu.backward(dy, x, { bias, biasGrad: bias, out })],
    ['biasGrad sharing memory with y', RangeError, /biasGrad must not share memory with y/, (out) => sigmoid.backwardFromOutput(dy, x, { biasGrad: x.subarray(2, 4), out })],
    ['addBias without bias', TypeError, /^addBias: option bias is required/, (out) => addBias(x, { out } as never)],
    ['addBias unknown option', TypeError, /^addBias: unknown option "beta"/, (out) => addBias(x, { bias: 1, beta: 2, out } as never)],
    ['addBias x not a float array', TypeError, /^addBias: x must be a (?:Float16Array, )?Float32Array or Float64Array/, (out) => addBias([1, 2] as never, { bias: 1, out })],
  ];
  for (const [label, kind, message, call] of cases) {
    it(label, () => {
      for (const backend of BACKENDS) {
        setBackend(backend);
        const g = new Float32Array(2).fill(7);
        rejects(kind, message, call, [x, dy, bias, g]);
      }
    });
  }

  it('a biasGrad that the checks reject is left as it was', () => {
    const g = new Float32Array(2).fill(7);
    expect(() => gelu.backward(dy, x, { bias, biasGrad: g, innerSize: 3 })).toThrow(RangeError);
    expect([...g]).toEqual([7, 7]);
  });
});

describe('hostile bias options', () => {
  it('a getter is read once; a Float32Array subclass with lying length and methods is read through the engine', () => {
    class Lying extends Float32Array {
      override get length(): number {
        return 1;
      }
      override subarray(): Float32Array {
        throw new Error('called');
      }
    }
    const b = new Lying([1, 2]);
    let reads = 0;
    const opts = {
      get bias() {
        reads++;
        return reads === 1 ? b : 5;
      },
    };
    const x = X.subarray(0, 1000);
    const got = gelu(x, opts as never);
    expect(reads).toBe(1);
    expect(bits(got)).toEqual(bits(gelu(addBias(x, { bias: new Float32Array([1, 2]) }))));
  });

  it('a detached bias or biasGrad is a TypeError', () => {
    const b = new Float32Array(2);
    structuredClone(b.buffer, { transfer: [b.buffer] });
    expect(() => gelu(X.subarray(0, 8), { bias: b })).toThrow(/bias cannot be read/);
    const g = new Float32Array(2);
    structuredClone(g.buffer, { transfer: [g.buffer] });
    expect(() => gelu.backward(DY.subarray(0, 8), X.subarray(0, 8), { bias: new Float32Array(2), biasGrad: g })).toThrow(/biasGrad cannot be read/);
  });

  it('Object.prototype.bias is ignored', () => {
    (Object.prototype as Record<string, unknown>).bias = 100;
    try {
      expect(bits(gelu(X.subarray(0, 64)))).toEqual(bits(gelu(X.subarray(0, 64), {})));
      expect(gelu(new Float32Array([0]))[0]).toBe(0);
    } finally {
      delete (Object.prototype as Record<string, unknown>).bias;
    }
  });
});

const F16 = (globalThis as { Float16Array?: Float32ArrayConstructor }).Float16Array;

describe.skipIf(!F16)(`Float16Array data${F16 ? '' : ' (skipped: this runtime has no Float16Array)'}`, () => {
  const half = (a: Float32Array) => new Uint16Array(a.buffer, a.byteOffset, a.length);
  const canon = (a: Float32Array) => Uint16Array.from(half(a), (b, i) => (a[i] !== a[i] ? 0x7e00 : b));
  it('computed in float32 (x + b rounded to float32 once) and rounded to half once: the float32 call on the widened data, rounded', () => {
    const x = new F16!(X.subarray(0, 7 * 13 * 40));
    const dy = new F16!(DY.subarray(0, x.length));
    const x32 = Float32Array.from(x);
    const dy32 = Float32Array.from(dy);
    for (const backend of BACKENDS) {
      setBackend(backend);
      for (const opts of [{ bias: 0.3 }, { bias: B7, innerSize: 13 }, { bias: B7, layout: 'channelsLast' as const }]) {
        const sep = addBias(x, opts);
        expect(sep).toBeInstanceOf(F16);
        expect(half(sep), `${backend} addBias`).toEqual(half(new F16!(addBias(x32, opts))));
        for (const f of [gelu, sigmoid, relu]) {
          expect(canon(f(x, opts)), `${backend} ${f.name} ${JSON.stringify(opts)}`).toEqual(canon(new F16!(f(x32, opts))));
          expect(canon(f.backward(dy, x, opts)), `${backend} ${f.name}.backward`).toEqual(canon(new F16!(f.backward(dy32, x32, opts))));
        }
      }
    }
  });
});
