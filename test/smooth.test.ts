// The smooth transcendental activations beyond the catalogue-wide accuracy sweep:
// special values and limits, tails that must not flush to zero, parameter validation,
// celu with a negative alpha, float64 data, and derivatives against finite differences.

import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { BY_NAME } from '../src/catalogue/index.js';
import { checkForward, checkGradient } from './support/bounds.js';
import { BACKENDS, PATHS, run } from './support/harness.js';
import { denseInputs, gradients } from './support/inputs.js';
import { REFERENCES } from './support/reference.js';

const SMOOTH = ['elu', 'selu', 'celu', 'softplus', 'logsigmoid', 'silu', 'mish', 'gelu', 'tanhshrink', 'softsign'];
const FLT_MAX = 3.4028234663852886e38;

type Fn = api.OutputDifferentiable<Record<string, unknown>>;
const fn = (name: string): Fn => (api as unknown as Record<string, Fn>)[name]!;

/** Every backend's value of `mode` at the single input v. */
function at(name: string, mode: 'forward' | 'derivative', v: number, opts: Record<string, unknown> = {}): number[] {
  return BACKENDS.map((b) => run(name, b, 'streamed', mode, Float32Array.of(v), undefined, opts)[0]!);
}

describe('limits at ±Infinity, ±0 and NaN (every backend)', () => {
  const cases: [string, Record<string, unknown>, number, number][] = [
    ['elu', {}, -Infinity, -1], ['elu', {}, Infinity, Infinity], ['elu', { alpha: 2 }, -Infinity, -2],
    ['selu', {}, -Infinity, -1.7580993408473766], ['selu', {}, Infinity, Infinity],
    ['celu', { alpha: 0.5 }, -Infinity, -0.5], ['celu', { alpha: -2 }, -Infinity, -Infinity],
    ['softplus', {}, -Infinity, 0], ['softplus', {}, Infinity, Infinity],
    ['softplus', { beta: 0.7 }, -Infinity, 0], ['softplus', { beta: 0.7 }, Infinity, Infinity],
    ['logsigmoid', {}, -Infinity, -Infinity], ['logsigmoid', {}, Infinity, 0],
    ['silu', {}, -Infinity, 0], ['silu', {}, Infinity, Infinity],
    ['mish', {}, -Infinity, 0], ['mish', {}, Infinity, Infinity],
    ['gelu', {}, -Infinity, 0], ['gelu', {}, Infinity, Infinity],
    ['gelu', { approximate: 'tanh' }, -Infinity, 0], ['gelu', { approximate: 'tanh' }, Infinity, Infinity],
    ['tanhshrink', {}, -Infinity, -Infinity], ['tanhshrink', {}, Infinity, Infinity],
    ['softsign', {}, -Infinity, -1], ['softsign', {}, Infinity, 1],
  ];
  for (const [name, opts, x, want] of cases) {
    it(`${name}${JSON.stringify(opts)}(${x}) = ${want}`, () => {
      for (const got of at(name, 'forward', x, opts)) expect(got === Math.fround(want)).toBe(true);
    });
  }
  const slopes: [string, Record<string, unknown>, number, number][] = [
    ['silu', {}, -Infinity, 0], ['silu', {}, Infinity, 1], ['mish', {}, -Infinity, 0], ['mish', {}, Infinity, 1],
    ['gelu', {}, -Infinity, 0], ['gelu', {}, Infinity, 1], ['gelu', { approximate: 'tanh' }, -Infinity, 0],
    ['gelu', { approximate: 'tanh' }, Infinity, 1], ['softplus', {}, -Infinity, 0], ['softplus', {}, Infinity, 1],
    ['logsigmoid', {}, -Infinity, 1], ['logsigmoid', {}, Infinity, 0], ['tanhshrink', {}, Infinity, 1],
    ['softsign', {}, Infinity, 0], ['elu', {}, -Infinity, 0], ['elu', {}, 0, 1],
  ];
  for (const [name, opts, x, want] of slopes) {
    it(`${name}'${JSON.stringify(opts)}(${x}) = ${want}`, () => {
      for (const got of at(name, 'derivative', x, opts)) expect(Math.abs(got - want)).toBe(0);
    });
  }
  it('NaN gives NaN, and ±0 the value at 0', () => {
    for (const name of SMOOTH) {
      for (const opts of [{}, ...(name === 'gelu' ? [{ approximate: 'tanh' }] : [])]) {
        for (const got of at(name, 'forward', NaN, opts)) expect(got).toBeNaN();
        for (const got of at(name, 'derivative', NaN, opts)) expect(got).toBeNaN();
        const spec = BY_NAME.get(name)!;
        const p = spec.params.map((q) => (opts as Record<string, unknown>)[q.name] ?? q.default) as (number | string)[];
        const f0 = Math.fround(REFERENCES[name]!.forward(0, p));
        for (const z of [0, -0]) for (const got of at(name, 'forward', z, opts)) expect(got === f0).toBe(true);
      }
    }
  });
});

describe('tails are not flushed to zero', () => {
  // Points deep in the tails, with the oracle's value; every backend within its class bound.
  const deep: [string, Record<string, unknown>, number[]][] = [
    ['gelu', {}, [-5, -8, -10, -12.5, -13.5]],
    ['gelu', { approximate: 'tanh' }, [-4, -6, -8, -9.5, -10]],
    ['mish', {}, [-20, -60, -87, -90, -100]],
    ['silu', {}, [-20, -60, -87, -90, -100]],
    ['softplus', {}, [-20, -60, -87, -90, -100]],
    ['softplus', { beta: 0.7 }, [-30, -90, -125, -140]],
    ['logsigmoid', {}, [20, 60, 87, 90, 100]],
    ['elu', {}, [-1e-3, -1e-8, -1e-30, -1e-40]],
    ['tanhshrink', {}, [1e-2, 1e-4, 1e-6]],
  ];
  for (const [name, opts, xs] of deep) {
    it(`${name}${JSON.stringify(opts)} at ${xs.join(', ')}`, () => {
      const spec = BY_NAME.get(name)!;
      const p = spec.params.map((q) => Math.fround((opts[q.name] ?? q.default) as number) || (opts[q.name] ?? q.default));
      for (const x of xs) {
        const want = REFERENCES[name]!.forward(Math.fround(x), p as (number | string)[]);
        expect(Math.fround(want)).not.toBe(0);
        for (const got of at(name, 'forward', x, opts)) {
          expect(got).not.toBe(0);
          expect(checkForward(spec.accuracy, got, want).ok).toBe(true);
        }
      }
    });
  }
});

describe('parameter validation', () => {
  const x = new Float32Array([1, -1]);
  it('rejects celu alpha = 0 and non-finite alpha', () => {
    expect(() => api.celu(x, { alpha: 0 })).toThrow(RangeError);
    expect(() => api.celu(x, { alpha: Infinity })).toThrow(RangeError);
    expect(() => api.celu(x, { alpha: NaN })).toThrow(RangeError);
    expect(() => api.celu(x, { alpha: 1e-40 })).toThrow(RangeError);
  });
  it('rejects softplus beta = 0 and non-finite beta', () => {
    expect(() => api.softplus(x, { beta: 0 })).toThrow(RangeError);
    expect(() => api.softplus(x, { beta: -Infinity })).toThrow(RangeError);
    expect(() => api.softplus.derivative(x, { beta: 0 })).toThrow(RangeError);
  });
  it('rejects the y-form where the sign of y does not tell the branch', () => {
    expect(() => api.elu.backwardFromOutput(x, x, { alpha: -0.5 })).toThrow(RangeError);
    expect(() => api.celu.backwardFromOutput(x, x, { alpha: -0.5 })).toThrow(RangeError);
    expect(() => api.elu.backwardFromOutput(x, x, { alpha: 0 })).not.toThrow();
  });
  it('has no y-form for silu, mish, gelu, tanhshrink', () => {
    for (const name of ['silu', 'mish', 'gelu', 'tanhshrink']) {
      expect(() => fn(name).backwardFromOutput(x, x)).toThrow(TypeError);
    }
  });
  it("checks gelu's approximate option", () => {
    expect(() => api.gelu(x, { approximate: 'fast' as 'tanh' })).toThrow(TypeError);
    expect(() => api.gelu(x, { alpha: 1 } as object)).toThrow(TypeError);
    expect(api.gelu(x, { approximate: 'tanh' })[0]).not.toBe(api.gelu(x)[0]);
  });
  it('has swish as an alias of silu', () => {
    expect(api.swish).toBe(api.silu);
    expect(api.activate('swish', x)).toEqual(api.silu(x));
  });
  it('writes nothing when it throws', () => {
    const out = new Float32Array([7, 7]);
    expect(() => api.softplus(x, { beta: 0, out })).toThrow(RangeError);
    expect([...out]).toEqual([7, 7]);
  });
});

describe('celu with a negative alpha (x/alpha > 0 for x < 0: exp amplifies any rounding)', () => {
  const X = denseInputs();
  const DY = gradients(X.length);
  for (const alpha of [-1.5, -0.3, -0.001]) {
    const p = [Math.fround(alpha)];
    const ref = REFERENCES.celu!;
    for (const backend of BACKENDS) {
      for (const path of PATHS) {
        it(`forward, derivative and backward, alpha ${alpha}, ${backend}, ${path}`, () => {
          const f = run('celu', backend, path, 'forward', X, undefined, { alpha });
          const d = run('celu', backend, path, 'derivative', X, undefined, { alpha });
          const g = run('celu', backend, path, 'backward', X, DY, { alpha });
          const bad: string[] = [];
          for (let i = 0; i < X.length; i++) {
            const fd = ref.derivative(X[i]!, p);
            if (!checkForward('smooth', f[i]!, ref.forward(X[i]!, p)).ok) bad.push(`f(${X[i]}) = ${f[i]}`);
            if (!checkGradient('smooth', d[i]!, fd).ok) bad.push(`f'(${X[i]}) = ${d[i]}`);
            // Where f'(x) itself overflows float32, backward is ±Inf (as PyTorch's float32
            // kernel) even if dy·f'(x) would fit; those x are left out.
            if (Math.abs(fd) <= FLT_MAX && !checkGradient('smooth', g[i]!, DY[i]! * fd, DY[i]!).ok) {
              bad.push(`dy·f'(${X[i]}) = ${g[i]}`);
            }
          }
          expect(bad.slice(0, 5)).toEqual([]);
        });
      }
    }
  }
});

describe('float64 data (the JS backend in double precision)', () => {
  // The rows are accurate to ~1e-15; the oracles' series and continued fractions to
  // ~1e-11 at worst (1 - erf near z = 3), so agreement is asked to 1e-10: far beyond
  // float32, which needs 6e-8.
  const xs = Float64Array.from({ length: 4001 }, (_, i) => -20 + i / 100);
  for (const name of SMOOTH) {
    const ref = REFERENCES[name]!;
    const spec = BY_NAME.get(name)!;
    for (const opts of [{}, ...(ref.options ?? [])] as Record<string, number | string>[]) {
      it(`${name}${JSON.stringify(opts)}`, () => {
        const p = spec.params.map((q) => opts[q.name] ?? q.default);
        const y = fn(name)(xs, opts);
        const d = fn(name).derivative(xs, opts);
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i]!;
          const want = ref.forward(x, p);
          expect(Math.abs(y[i]! - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want) + 1e-300);
          const wd = ref.derivative(x, p);
          expect(Math.abs(d[i]! - wd)).toBeLessThanOrEqual(1e-10 * Math.abs(wd) + 1e-15);
        }
      });
    }
  }
});

describe('derivatives match finite differences of the forward functions', () => {
  // Central differences in float64 on the JS rows (the lead's catalogue-wide FD test
  // covers the kernels); step h = 1e-5·max(1, |x|), points away from the kinks.
  for (const name of SMOOTH) {
    const spec = BY_NAME.get(name)!;
    const ref = REFERENCES[name]!;
    for (const opts of [{}, ...(ref.options ?? [])] as Record<string, number | string>[]) {
      it(`${name}${JSON.stringify(opts)}`, () => {
        const p = spec.params.map((q) => opts[q.name] ?? q.default);
        const kinks = ref.kinks?.(p) ?? [];
        for (let x = -12.3; x < 12.3; x += 0.0731) {
          const h = 1e-5 * Math.max(1, Math.abs(x));
          if (kinks.some((k) => Math.abs(x - k) < 2 * h)) continue;
          const f = (v: number): number => fn(name)(Float64Array.of(v), opts)[0]!;
          const fd = (f(x + h) - f(x - h)) / (2 * h);
          const d = fn(name).derivative(Float64Array.of(x), opts)[0]!;
          expect(Math.abs(d - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(d)));
          expect(Math.abs(ref.derivative(x, p) - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(d)));
        }
      });
    }
  }
});

describe('softplus y-form near the threshold', () => {
  it('is refused where outputs near threshold/beta do not determine the slope', () => {
    const y = new Float32Array([2.5, 3]);
    expect(() => api.softplus.backwardFromOutput(y, y, { beta: 2, threshold: 5 })).toThrow(RangeError);
    expect(() => api.softplus.backwardFromOutput(y, y, { threshold: 16 })).toThrow(RangeError);
    expect(() => api.softplus.backwardFromOutput(y, y, { threshold: 16.7 })).not.toThrow();
  });
  it('matches the x-form across threshold/beta once threshold ≥ 24·ln 2', () => {
    const beta = 2;
    const threshold = 17;
    const xs = Float32Array.from({ length: 2001 }, (_, i) => 8 + i / 2000); // threshold/beta = 8.5
    for (const b of BACKENDS) {
      api.setBackend(b);
      const y = api.softplus(xs, { beta, threshold });
      const dy = new Float32Array(xs.length).fill(1);
      const g = api.softplus.backwardFromOutput(dy, y, { beta, threshold });
      const d = api.softplus.derivative(xs, { beta, threshold });
      for (let i = 0; i < xs.length; i++) expect(Math.abs(g[i]! - d[i]!)).toBeLessThanOrEqual(2 ** -24);
    }
    api.setBackend('auto');
  });
});
