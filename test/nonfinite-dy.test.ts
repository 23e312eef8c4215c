// Gradients of non-finite dy (issue 10, item 8). For float32 data every backend computes
// dx = dy·f'(x) as the float32 product of dy and f'(x) rounded to float32, as the wasm
// kernels do: dy = ±Infinity gives NaN where f' rounds to 0 in float32 (even where f' > 0
// in float64) and ±Infinity (the sign of dy·f') where it does not; NaN dy gives NaN.
// The same for backwardFromOutput with f' from y. Float64Array data: dy·f'(x) in float64.
// Every element-wise row and option set of the test oracle, every backend.

import { describe, expect, it } from 'vitest';
import { ELEMENTWISE, type ElementwiseSpec, type ParamValues } from '../src/catalogue/index.js';
import { BACKENDS, defaultParams, publicFunction, run } from './support/harness.js';
import { REFERENCES, type Reference } from './support/reference.js';

/** Inputs from 1e-30 (tanhshrink' underflows) to 1e30 (softsign' does), both signs. */
const MAGNITUDES = [1e-30, 1e-20, 0.1, 0.3, 0.7, 1, 1.7, 2.5, 4, 5, 7, 10, 15, 30, 60, 90, 104, 120, 200, 1e10, 1e30];
const POINTS = Float32Array.from(MAGNITUDES.flatMap((m) => [m, -m]));
const DY = [Infinity, -Infinity, NaN];

/** f' far below half the least float32 subnormal (2^-150): rounds to 0 on every backend. */
const ZERO_BELOW = 2 ** -170;
/**
 * f' that no backend computes as 0: the gradient contract allows an absolute error of
 * 2^-24 (selu's y-form gives 0 in float32 where the float64 formula gives 2.3e-8).
 */
const NONZERO_ABOVE = 2 ** -23;

interface Case {
  readonly input: number;
  readonly dy: number;
  readonly want: number;
}

/**
 * The cases for inputs `inputs` whose f' (from `slope`) is clearly 0 or clearly not in
 * float32 (`single`) or float64, away from kinks: each input with dy = ±Infinity and NaN.
 */
function cases(inputs: readonly number[], slope: (v: number) => number, kinks: readonly number[], single: boolean): Case[] {
  const out: Case[] = [];
  for (const input of inputs) {
    if (kinks.some((k) => Math.abs(input - k) <= 1e-3 * Math.max(1, Math.abs(k)))) continue;
    const d = slope(input);
    if (Number.isNaN(d)) continue;
    const zero = d === 0 || (single && Math.abs(d) < ZERO_BELOW);
    if (!zero && !(Math.abs(d) >= (single ? NONZERO_ABOVE : 2 ** -900) && Math.abs(d) < 2 ** 100)) continue;
    const rounded = single ? Math.fround(d) : d;
    for (const dy of DY) out.push({ input, dy, want: dy * (zero ? 0 : rounded) });
  }
  return out;
}

/** Parameter values of an option set as the float32 kernels see them. */
function paramsOf(spec: ElementwiseSpec, opts: Record<string, number | string>, single: boolean): ParamValues {
  return spec.params.map((p) => {
    const v = opts[p.name] ?? p.default;
    return typeof v === 'number' && single ? Math.fround(v) : v;
  });
}

function mismatches(got: ArrayLike<number>, list: readonly Case[]): string[] {
  const bad: string[] = [];
  list.forEach((c, i) => {
    if (!Object.is(got[i], c.want) && !(Number.isNaN(got[i]!) && Number.isNaN(c.want))) {
      bad.push(`input ${c.input}, dy ${c.dy}: got ${got[i]}, want ${c.want}`);
    }
  });
  return bad;
}

/** Option sets of a row: the defaults (unless an option is required) and the oracle's. */
function optionSets(spec: ElementwiseSpec, ref: Reference): Record<string, number | string>[] {
  const hasDefaults = spec.params.every((p) => !('required' in p && p.required));
  return [...(hasDefaults ? [{}] : []), ...(ref.options ?? [])];
}

for (const spec of ELEMENTWISE) {
  const ref = REFERENCES[spec.name]!;
  describe(`${spec.name} with non-finite dy`, () => {
    for (const opts of optionSets(spec, ref)) {
      const label = Object.keys(opts).length ? ` ${JSON.stringify(opts)}` : '';
      const p32 = Object.keys(opts).length ? paramsOf(spec, opts, true) : defaultParams(spec);
      const kinks = ref.kinks?.(p32) ?? [];
      const forms: { mode: 'backward' | 'backwardFromOutput'; inputs: Float32Array; slope: (v: number) => number }[] = [
        { mode: 'backward', inputs: POINTS, slope: (v) => ref.derivative(v, p32) },
      ];
      if (spec.fromOutput && ref.fromOutput && !spec.fromOutputCheck?.(p32)) {
        const ys = Float32Array.from(POINTS, (v) => ref.forward(v, p32));
        forms.push({ mode: 'backwardFromOutput', inputs: ys, slope: (y) => ref.fromOutput!(y, p32) });
      }
      for (const { mode, inputs, slope } of forms) {
        const list = cases([...inputs], slope, mode === 'backward' ? kinks : [], true);
        for (const backend of BACKENDS) {
          it(`${mode}${label} on ${backend}: dy·f' rounded to float32 first`, () => {
            expect(list.length).toBeGreaterThan(0);
            const x = Float32Array.from(list, (c) => c.input);
            const dy = Float32Array.from(list, (c) => c.dy);
            expect(mismatches(run(spec.name, backend, 'streamed', mode, x, dy, opts), list)).toEqual([]);
          });
        }
      }
      it(`backward${label} on Float64Array data: dy·f' in float64`, () => {
        const p64 = paramsOf(spec, opts, false);
        const list = cases(MAGNITUDES.flatMap((m) => [m, -m]), (v) => ref.derivative(v, p64), ref.kinks?.(p64) ?? [], false);
        const x = Float64Array.from(list, (c) => c.input);
        const dy = Float64Array.from(list, (c) => c.dy);
        expect(mismatches(publicFunction(spec).backward(dy, x, opts), list)).toEqual([]);
      });
    }
  });
}

describe('non-finite dy: the cases test what they claim', () => {
  it('sigmoid at x = -104: f\' > 0 in float64 but 0 in float32, so dy = Infinity gives NaN for float32 only', () => {
    const d = REFERENCES.sigmoid!.derivative(-104, []);
    expect(d).toBeGreaterThan(0);
    expect(Math.fround(d)).toBe(0);
    const f = publicFunction(ELEMENTWISE.find((s) => s.name === 'sigmoid')!);
    expect(f.backward(Float32Array.of(Infinity), Float32Array.of(-104))[0]).toBeNaN();
    expect(f.backward(Float64Array.of(Infinity), Float64Array.of(-104))[0]).toBe(Infinity);
    expect(f.backward(Float32Array.of(-Infinity), Float32Array.of(-10))[0]).toBe(-Infinity);
  });
});
