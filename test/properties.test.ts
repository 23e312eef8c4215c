// Property-based tests (fast-check) across the backends and both memory paths: random
// float32 bit patterns, lengths 0..70k, offsets, in-place aliasing, parameters in and out
// of their domain. The invariants:
// - every backend and path meets the accuracy contract against the float64 oracle, and
//   in place, zero-copy and streamed give the same bits on one backend;
// - a bad call throws a TypeError or RangeError naming the function, and changes nothing:
//   not out, not the inputs, not any live allocate() buffer.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { allocate, setBackend, type WasmBuffer } from '../src/index.js';
import { ELEMENTWISE, type ElementwiseSpec, type ParamValues } from '../src/catalogue/index.js';
import { checkForward, checkGradient } from './support/bounds.js';
import { BACKENDS, defaultParams, optionsFor, publicFunction, type Mode } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';
import { REFERENCES } from './support/reference.js';
import { fromBits } from './support/ulp.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

/** n float32 values from random bit patterns (every exponent, NaN, ±Inf, ±0, subnormals). */
function bitPatterns(n: number, seed: number, spread: 'bits' | 'mixed'): Float32Array {
  const r = mulberry32(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // 'mixed': half the values where the functions do their work, half any bit pattern.
    a[i] = spread === 'mixed' && r() < 0.5 ? (r() * 2 - 1) * 24 : fromBits(Math.floor(r() * 2 ** 32));
  }
  return a;
}

const lengths = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 67 }) },
  { weight: 3, arbitrary: fc.integer({ min: 68, max: 9000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60000, max: 70000 }) },
);

/** A row's parameter sets: its defaults (if it has them) and its oracle's swept options. */
function optionSets(spec: ElementwiseSpec): Record<string, number | string>[] {
  const hasDefaults = spec.params.every((p) => !('required' in p && p.required));
  return [...(hasDefaults ? [{}] : []), ...(REFERENCES[spec.name]?.options ?? [])];
}

function paramValues(spec: ElementwiseSpec, opts: Record<string, number | string>): ParamValues {
  if (Object.keys(opts).length === 0) return defaultParams(spec);
  return spec.params.map((p) => {
    const v = opts[p.name] ?? p.default;
    return typeof v === 'number' ? Math.fround(v) : v;
  });
}

const call = fc.record({
  row: fc.integer({ min: 0, max: ELEMENTWISE.length - 1 }),
  option: fc.nat(),
  mode: fc.constantFrom<Mode>('forward', 'derivative', 'backward', 'backwardFromOutput'),
  n: lengths,
  offset: fc.integer({ min: 0, max: 5 }),
  seed: fc.nat(),
  spread: fc.constantFrom<'bits' | 'mixed'>('bits', 'mixed'),
  inPlace: fc.boolean(),
});

/** Runs `mode` of `fn` on copies placed at `offset` elements into larger arrays (plain or in wasm memory). */
function compute(
  fn: api.OutputDifferentiable<object>, mode: Mode, x: Float32Array, dy: Float32Array, opts: object,
  offset: number, path: 'streamed' | 'zero-copy', inPlace: boolean,
): Float32Array {
  const n = x.length;
  const two = mode === 'backward' || mode === 'backwardFromOutput';
  const count = 1 + (two ? 1 : 0) + (inPlace ? 0 : 1);
  // Every buffer first: allocate() may detach views of the buffers before it.
  const bufs: WasmBuffer[] = path === 'zero-copy' ? Array.from({ length: count }, () => allocate(n + offset + 3)) : [];
  let next = 0;
  const place = (a: Float32Array): Float32Array => {
    const big = path === 'zero-copy' ? bufs[next++]!.array : new Float32Array(n + offset + 3);
    big.fill(-7.5);
    big.set(a, offset);
    return big.subarray(offset, offset + n);
  };
  try {
    const px = place(x);
    const pdy = two ? place(dy) : undefined;
    const out = inPlace ? px : place(new Float32Array(n));
    const o = { ...opts, out };
    let r: Float32Array;
    switch (mode) {
      case 'forward': r = fn(px, o); break;
      case 'derivative': r = fn.derivative(px, o); break;
      case 'backward': r = fn.backward(pdy!, px, o); break;
      case 'backwardFromOutput': r = fn.backwardFromOutput(pdy!, px, o); break;
    }
    expect(r).toBe(out);
    // Nothing written around the arrays.
    const whole = new Float32Array(out.buffer, out.byteOffset - offset * 4, n + offset + 3);
    for (let i = 0; i < offset; i++) expect(whole[i]).toBe(-7.5);
    for (let i = offset + n; i < whole.length; i++) expect(whole[i]).toBe(-7.5);
    return out.slice();
  } finally {
    bufs.forEach((b) => b.dispose());
  }
}

const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
function sameBits(a: Float32Array, b: Float32Array): boolean {
  const ua = bitsOf(a);
  const ub = bitsOf(b);
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

let checked = 0;
afterAll(() => console.log(`property tests: ${checked} element results checked against the oracle`));

describe('properties of every element-wise activation', () => {
  it('every backend and memory path meets the contract; in place, zero-copy and streamed agree bitwise', () => {
    fc.assert(
      fc.property(call, (c) => {
        const spec = ELEMENTWISE[c.row]!;
        const ref = REFERENCES[spec.name]!;
        const sets = optionSets(spec);
        const opts = sets[c.option % sets.length]!;
        const p = paramValues(spec, opts);
        const mode = c.mode === 'backwardFromOutput' && (!spec.fromOutput || spec.fromOutputCheck?.(p)) ? 'backward' : c.mode;
        const raw = bitPatterns(c.n, c.seed, c.spread);
        // The y-form takes outputs of the function.
        const x = mode === 'backwardFromOutput' ? Float32Array.from(raw, (v) => ref.forward(v, p)) : raw;
        const dy = bitPatterns(c.n, c.seed + 1, 'mixed');
        const fn = publicFunction(spec);
        const options = optionsFor(spec, p.length ? p : []);
        const given = Object.keys(opts).length ? options : {};
        for (const backend of BACKENDS) {
          setBackend(backend);
          const streamed = compute(fn, mode, x, dy, given, c.offset, 'streamed', c.inPlace);
          const zeroCopy = compute(fn, mode, x, dy, given, c.offset, 'zero-copy', !c.inPlace);
          expect(sameBits(streamed, zeroCopy), `${spec.name}.${mode} on ${backend}: streamed and zero-copy differ`).toBe(true);
          for (let i = 0; i < c.n; i++) {
            const v = x[i]!;
            const want = mode === 'forward' ? ref.forward(v, p)
              : mode === 'derivative' ? ref.derivative(v, p)
                : mode === 'backward' ? dy[i]! * ref.derivative(v, p) : dy[i]! * ref.fromOutput!(v, p);
            const verdict = mode === 'forward' ? checkForward(spec.accuracy, streamed[i]!, want)
              : checkGradient(spec.accuracy, streamed[i]!, want, mode === 'derivative' ? 1 : dy[i]!);
            if (!verdict.ok && !nonFiniteProduct(mode, dy[i]!, v, streamed[i]!, ref, p)) {
              expect.fail(`${spec.name}.${mode} ${JSON.stringify(given)} on ${backend}: x=${v}${mode.startsWith('backward') ? ` dy=${dy[i]}` : ''}: got ${streamed[i]}, want ${want} (${verdict.ulp.toFixed(2)} ulp)`);
            }
            checked++;
          }
        }
        setBackend('auto');
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Backward with a non-finite dy: the package's rule (float32 data) is the IEEE product of
 * dy and f′ rounded to float32 — NaN where f′ rounds to 0 — which a float64 oracle times
 * a tiny f′ does not see. Such a point is right when it follows that rule.
 */
function nonFiniteProduct(mode: Mode, g: number, v: number, got: number, ref: (typeof REFERENCES)[string], p: ParamValues): boolean {
  if (mode !== 'backward' && mode !== 'backwardFromOutput') return false;
  if (Number.isFinite(g) && Number.isFinite(got)) return false;
  const slope = Math.fround(mode === 'backward' ? ref.derivative(v, p) : ref.fromOutput!(v, p));
  const want = Math.fround(g * slope);
  return Number.isNaN(want) ? Number.isNaN(got) : got === want;
}

// ---- bad calls ------------------------------------------------------------------------------

/** A live allocate() buffer with known contents, to prove bad calls touch no wasm memory. */
const bystanders: WasmBuffer[] = [];
function checksum(a: Float32Array): number {
  let h = 0;
  const u = bitsOf(a);
  for (let i = 0; i < u.length; i++) h = (Math.imul(h, 31) + u[i]!) | 0;
  return h;
}

type Bad = (fns: { x: Float32Array; dy: Float32Array; out: Float32Array; shared: Float32Array; disposed: Float32Array }) => {
  fn: string;
  run: () => unknown;
};

const x8 = () => Float32Array.from([1, -2, 3, -4, 5, -6, 7, -8]);
const BAD: Bad[] = [
  ({ x }) => ({ fn: 'sigmoid', run: () => api.sigmoid([...x] as never) }),
  () => ({ fn: 'relu', run: () => api.relu(new Uint8Array(8) as never) }),
  ({ x }) => ({ fn: 'tanh', run: () => api.tanh(new Proxy(x, {})) }),
  ({ x, out }) => ({ fn: 'sigmoid', run: () => api.sigmoid(x, { out: out.subarray(1) }) }),
  ({ x }) => ({ fn: 'sigmoid', run: () => api.sigmoid(x, { out: new Float64Array(8) as never }) }),
  ({ shared }) => ({ fn: 'sigmoid', run: () => api.sigmoid(shared.subarray(0, 8), { out: shared.subarray(3, 11) }) }),
  ({ x, dy, out }) => ({ fn: 'tanh.backward', run: () => api.tanh.backward(dy.subarray(1), x, { out }) }),
  ({ x, out }) => ({ fn: 'leakyRelu', run: () => api.leakyRelu(x, { negativeSlope: NaN, out }) }),
  ({ x, out }) => ({ fn: 'leakyRelu', run: () => api.leakyRelu(x, { negativeSlope: '1' as never, out }) }),
  ({ x, out }) => ({ fn: 'celu', run: () => api.celu(x, { alpha: 4e38, out }) }),
  ({ x, out }) => ({ fn: 'hardtanh', run: () => api.hardtanh(x, { minVal: 1, maxVal: -1, out }) }),
  ({ x, out }) => ({ fn: 'threshold', run: () => api.threshold(x, { threshold: 1, out } as never) }),
  ({ x, out }) => ({ fn: 'gelu', run: () => api.gelu(x, { approximate: 'erf' as never, out }) }),
  ({ x, out }) => ({ fn: 'softplus', run: () => api.softplus(x, { betta: 1, out } as never) }),
  ({ x }) => ({ fn: 'sigmoid', run: () => api.sigmoid(x, 3 as never) }),
  ({ x, dy, out }) => ({ fn: 'hardswish.backwardFromOutput', run: () => api.hardswish.backwardFromOutput(dy, x, { out }) }),
  ({ x, out }) => ({ fn: 'softmax', run: () => api.softmax(x, { rowLength: 3, out }) }),
  ({ x, out }) => ({ fn: 'prelu', run: () => api.prelu(x, { weight: new Float32Array(3), out }) }),
  ({ x, out }) => ({ fn: 'prelu', run: () => api.prelu(x, { weight: new Float32Array([0.1, NaN]), out }) }),
  ({ x, dy, out }) => ({ fn: 'rrelu.backward', run: () => api.rrelu.backward(dy, x, { training: true, out }) }),
  ({ x, out }) => ({ fn: 'rrelu', run: () => api.rrelu(x, { lower: 0.5, upper: 0.1, out }) }),
  ({ x, out }) => ({ fn: 'glu', run: () => api.glu(x, { rowLength: 3, out }) }),
  ({ x, disposed }) => ({ fn: 'sigmoid', run: () => api.sigmoid(x, { out: disposed }) }),
  ({ x, out }) => ({ fn: 'activate', run: () => api.activate('nope', x, { out }) }),
];

describe('properties of bad calls', () => {
  it('throw a TypeError or RangeError naming the function, and change nothing', () => {
    for (let i = 0; i < 4; i++) {
      const b = allocate(1000 + i);
      b.array.set(bitPatterns(1000 + i, 90 + i, 'mixed'));
      bystanders.push(b);
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: BAD.length - 1 }), fc.constantFrom(...BACKENDS), fc.boolean(), fc.nat(),
        (k, backend, resident, seed) => {
          setBackend(backend);
          const gone = allocate(8);
          const disposed = gone.array;
          gone.dispose();
          // Every buffer first: allocate() may detach views of the buffers before it.
          const bufs = resident ? [8, 8, 8, 16].map((n) => allocate(n)) : [];
          bystanders.push(...bufs);
          const [x, dy, out, shared] = [8, 8, 8, 16].map((n, i) => (resident ? bufs[i]!.array : new Float32Array(n))) as [Float32Array, Float32Array, Float32Array, Float32Array];
          x.set(x8());
          dy.set(bitPatterns(8, seed, 'mixed'));
          out.fill(123.5);
          shared.set(bitPatterns(16, seed + 1, 'mixed'));
          const { fn, run } = BAD[k]!({ x, dy, out, shared, disposed });
          const before = [x, dy, out, shared, ...bystanders.map((b) => b.array)].map(checksum);
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error instanceof TypeError || error instanceof RangeError, `${fn}: ${String(error)}`).toBe(true);
          expect((error as Error).message.startsWith(`${fn}: `), (error as Error).message).toBe(true);
          const after = [x, dy, out, shared, ...bystanders.map((b) => b.array)].map(checksum);
          expect(after).toEqual(before);
          setBackend('auto');
        },
      ),
      { numRuns: RUNS * 5 },
    );
    bystanders.splice(0).forEach((b) => b.dispose());
  });
});
