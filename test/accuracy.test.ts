// Every element-wise activation × backend × memory path × mode against the float64
// oracle over ≥ 100k dense float32 inputs, with the accuracy contract (README, Accuracy).
// The measured worst error of each combination is printed at the end.

import { afterAll, describe, expect, it } from 'vitest';
import { ELEMENTWISE, type ParamValues } from '../src/catalogue/index.js';
import { checkForward, checkGradient, type Verdict } from './support/bounds.js';
import { BACKENDS, RELAXED_UNAVAILABLE, MODES, PATHS, defaultParams, run, type Mode } from './support/harness.js';
import { denseInputs, gradients } from './support/inputs.js';
import { REFERENCES } from './support/reference.js';
import { formatWorst, measure, mergeWorst, type Worst } from './support/measure.js';

const X = denseInputs();
const DY = gradients(X.length);
/** The bias of the epilogue's sweep, and the float32 sums x + b its oracle takes. */
const BIAS = 0.375;
const XB = X.map((v) => v + BIAS);
/** Worst error per function|mode|backend (see support/measure.ts). */
const worst = new Map<string, Worst>();

function paramValuesOf(spec: (typeof ELEMENTWISE)[number], opts: Record<string, number | string>): ParamValues {
  return spec.params.map((p) => {
    const v = opts[p.name] ?? p.default;
    return typeof v === 'number' ? Math.fround(v) : v;
  });
}

// Where the engine lacks relaxed SIMD (Node 20), say so in the report instead of passing silently.
if (RELAXED_UNAVAILABLE) it.skip(`wasm-relaxed-simd: ${RELAXED_UNAVAILABLE}`, () => {});

for (const spec of ELEMENTWISE) {
  const ref = REFERENCES[spec.name];
  describe(spec.name, () => {
    it('has a test oracle', () => expect(ref).toBeDefined());
    if (spec.fromOutput) it('has a test oracle for its y-form', () => expect(ref?.fromOutput).toBeDefined());
    if (!ref) return;
    // Rows with required parameters have no default set to sweep.
    const hasDefaults = spec.params.every((p) => !('required' in p && p.required));
    const optionSets: Record<string, number | string>[] = [...(hasDefaults ? [{}] : []), ...(ref.options ?? [])];
    // The bias epilogue: f(x + b) against the oracle at the float32 sum (the rounding the
    // contract states), forward and backward, with the function's first option set.
    const biased = { ...optionSets[0], bias: BIAS };
    for (const opts of [...optionSets, biased]) {
      const bias = opts === biased;
      const params = Object.fromEntries(Object.entries(opts).filter(([k]) => k !== 'bias')) as Record<string, number | string>;
      const p = Object.keys(params).length ? paramValuesOf(spec, params) : defaultParams(spec);
      const label = Object.keys(opts).length ? ` ${JSON.stringify(opts)}` : '';
      // y inputs for the y-form: the float32 outputs of the reference.
      const Y = X.map((v) => ref.forward(v, p));
      for (const mode of MODES) {
        if (bias && (mode === 'derivative' || mode === 'backwardFromOutput')) continue;
        if (mode === 'backwardFromOutput' && (!spec.fromOutput || !ref.fromOutput)) continue; // (a y-form without an oracle fails above)
        if (mode === 'backwardFromOutput' && spec.fromOutputCheck?.(p)) continue;
        const input = mode === 'backwardFromOutput' ? Y : bias ? XB : X;
        const dy = mode === 'backward' || mode === 'backwardFromOutput' ? DY : undefined;
        const expected = expectedValues(mode, input, dy, (v) => ref.forward(v, p), (v) => ref.derivative(v, p),
          ref.fromOutput ? (v) => ref.fromOutput!(v, p) : undefined);
        // f' at each point, so gradients with a subnormal f' are not counted in ULPs
        const slope = dy
          ? Float64Array.from(input, (v) => (mode === 'backward' ? ref.derivative(v, p) : ref.fromOutput!(v, p)))
          : undefined;
        for (const backend of BACKENDS) {
          for (const path of PATHS) {
            it(`${mode}${label} on ${backend}, ${path}`, () => {
              const got = run(spec.name, backend, path, mode, bias ? X : input, dy, opts);
              const failures: string[] = [];
              for (let i = 0; i < input.length; i++) {
                const v: Verdict = mode === 'forward'
                  ? checkForward(spec.accuracy, got[i]!, expected[i]!)
                  : checkGradient(spec.accuracy, got[i]!, expected[i]!, dy ? dy[i]! : 1);
                if (!v.ok && failures.length < 5) {
                  failures.push(`${mode === 'backwardFromOutput' ? 'y' : 'x'}=${input[i]}${dy ? ` dy=${dy[i]}` : ''}: got ${got[i]}, want ${expected[i]} (${v.ulp.toFixed(2)} ulp)`);
                }
              }
              const key = `${spec.name}${label}|${mode}|${backend}`;
              worst.set(key, mergeWorst(worst.get(key), measure(spec.accuracy, got, expected, mode === 'forward' ? undefined : { dy, slope })));
              expect(failures).toEqual([]);
            });
          }
        }
      }
    }
  });
}

function expectedValues(
  mode: Mode, input: Float32Array, dy: Float32Array | undefined,
  f: (v: number) => number, d: (v: number) => number, fy: ((v: number) => number) | undefined,
): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    switch (mode) {
      case 'forward': out[i] = f(v); break;
      case 'derivative': out[i] = d(v); break;
      case 'backward': out[i] = dy![i]! * d(v); break;
      case 'backwardFromOutput': out[i] = dy![i]! * fy!(v); break;
    }
  }
  return out;
}

afterAll(async () => {
  const rows = [...worst].map(([k, w]) => `${k.padEnd(60)} ${formatWorst(w)}`);
  console.log(`max ULP where the bound is in ULPs / max abs error where it is absolute (${X.length} inputs):\n${rows.join('\n')}`);
  // `npm run accuracy` (scripts/accuracy.mjs) asks for the measurements as data, for the README table.
  const file = typeof process === 'object' ? process.env.ACCURACY_JSON : undefined;
  if (file) {
    const { writeFileSync } = await import('node:fs');
    const measured = [...worst].map(([key, w]) => {
      const [fn, mode, backend] = key.split('|') as [string, string, string];
      const space = fn.indexOf(' ');
      return { name: space < 0 ? fn : fn.slice(0, space), options: space < 0 ? '' : fn.slice(space + 1), mode, backend, cell: formatWorst(w) };
    });
    writeFileSync(file, JSON.stringify({ inputs: X.length, backends: BACKENDS, measured }, null, 1));
  }
});
