// Gradients against central finite differences in float64, for every catalogue row:
// the package's float64 derivative (the JS backend) and the test oracle's derivative
// both match d/dx of their forward; the y-form agrees with the x-form on f's range.
// (The wasm kernels are checked against the oracle derivative in accuracy.test.ts.)

import { describe, expect, it } from 'vitest';
import { ELEMENTWISE, kernelArgs, type ParamValues } from '../src/catalogue/index.js';
import { defaultParams } from './support/harness.js';
import { mulberry32 } from './support/inputs.js';
import { REFERENCES } from './support/reference.js';

function paramSets(spec: (typeof ELEMENTWISE)[number]): ParamValues[] {
  const ref = REFERENCES[spec.name];
  const sets = (ref?.options ?? []).map((o) => spec.params.map((p) => o[p.name] ?? p.default));
  if (!spec.params.some((p) => 'required' in p && p.required)) sets.unshift(defaultParams(spec));
  return sets;
}

/** Sample points in [-12, 12] plus a few far out, none within 1e-3 of a kink. */
function samples(kinks: readonly number[]): number[] {
  const rand = mulberry32(3);
  const xs: number[] = [];
  for (let i = 0; i < 400; i++) xs.push((rand() * 2 - 1) * 12);
  xs.push(-40, -25, 25, 40, 1e-3, -1e-3, 0.3, -0.3);
  return xs.filter((x) => kinks.every((k) => Math.abs(x - k) > 1e-3));
}

function centralDifference(f: (x: number) => number, x: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x));
  return (f(x + h) - f(x - h)) / (2 * h);
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)) + 1e-9;
}

for (const spec of ELEMENTWISE) {
  const ref = REFERENCES[spec.name];
  describe(`${spec.name} gradient`, () => {
    for (const p of paramSets(spec)) {
      const label = spec.params.length ? ` (${spec.params.map((q, i) => `${q.name}=${p[i]}`).join(', ')})` : '';
      const [a, b] = kernelArgs(spec, p);
      const xs = samples(ref?.kinks?.(p) ?? []);
      it(`package derivative matches finite differences${label}`, () => {
        const bad = xs.filter((x) => !close(spec.derivative(x, a, b), centralDifference((v) => spec.forward(v, a, b), x)));
        expect(bad).toEqual([]);
      });
      if (ref) {
        it(`oracle derivative matches finite differences${label}`, () => {
          const bad = xs.filter((x) => !close(ref.derivative(x, p), centralDifference((v) => ref.forward(v, p), x)));
          expect(bad).toEqual([]);
        });
      }
      if (spec.fromOutput && !spec.fromOutputCheck?.(p)) {
        it(`y-form equals the x-form${label}`, () => {
          const bad = xs.filter((x) => !close(spec.fromOutput!(spec.forward(x, a, b), a, b), spec.derivative(x, a, b)));
          expect(bad).toEqual([]);
        });
      }
    }
  });
}
