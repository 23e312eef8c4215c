// Checks numbers computed in a browser (by the fixture app, the worker example or the
// demo) against the float64 test oracle with the accuracy contract (README, Accuracy).

import { BY_NAME, ELEMENTWISE, type ElementwiseSpec } from '../../../src/catalogue/index.js';
import { checkForward, checkGradient } from '../../support/bounds.js';
import { defaultParams } from '../../support/harness.js';
import { REFERENCES } from '../../support/reference.js';

/** What the fixture app reports per activation (default options). */
export interface ActivationRun {
  name: string;
  x: number[];
  dy: number[];
  forward: number[];
  derivative: number[];
  backward: number[];
  backwardFromOutput?: number[];
}

export type Mode = 'forward' | 'derivative' | 'backward' | 'backwardFromOutput';

/** Names of every element-wise activation in the catalogue. */
export const CATALOGUE_NAMES: readonly string[] = ELEMENTWISE.map((s) => s.name);

function spec(name: string): ElementwiseSpec {
  const s = BY_NAME.get(name);
  if (!s) throw new Error(`unknown activation ${name}`);
  return s;
}

/** The oracle's value of `mode` at input v (x, or y for backwardFromOutput). */
export function expected(name: string, mode: Mode, v: number, dy = 1, opts: Record<string, unknown> = {}): number {
  const s = spec(name);
  const ref = REFERENCES[name];
  if (!ref) throw new Error(`no test oracle for ${name}`);
  const p = s.params.map((q, i) => {
    const o = opts[q.name];
    return o === undefined ? defaultParams(s)[i]! : typeof o === 'number' ? Math.fround(o) : (o as string);
  });
  switch (mode) {
    case 'forward': return ref.forward(v, p);
    case 'derivative': return ref.derivative(v, p);
    case 'backward': return dy * ref.derivative(v, p);
    case 'backwardFromOutput': return dy * ref.fromOutput!(v, p);
  }
}

/** Failures (as readable lines, at most a few per mode) of one value series. */
export function checkSeries(
  name: string, mode: Mode, inputs: readonly number[], got: readonly number[],
  dy?: readonly number[], opts: Record<string, unknown> = {},
): string[] {
  const accuracy = spec(name).accuracy;
  const bad: string[] = [];
  if (got.length !== inputs.length) return [`${name} ${mode}: ${got.length} values for ${inputs.length} inputs`];
  // The browser computed on Float32Arrays: inputs and gradients as float32.
  inputs.forEach((raw, i) => {
    const v = Math.fround(raw);
    const d = Math.fround(dy?.[i] ?? 1);
    const want = expected(name, mode, v, d, opts);
    const verdict = mode === 'forward' ? checkForward(accuracy, got[i]!, want) : checkGradient(accuracy, got[i]!, want, d);
    if (!verdict.ok && bad.length < 3) bad.push(`${name} ${mode} at ${v}${dy ? ` (dy ${d})` : ''}: got ${got[i]}, want ${want}`);
  });
  return bad;
}

/** Failures of one activation's full run (every mode). */
export function checkRun(run: ActivationRun): string[] {
  const bad = [
    ...checkSeries(run.name, 'forward', run.x, run.forward),
    ...checkSeries(run.name, 'derivative', run.x, run.derivative),
    ...checkSeries(run.name, 'backward', run.x, run.backward, run.dy),
  ];
  if (run.backwardFromOutput) {
    bad.push(...checkSeries(run.name, 'backwardFromOutput', run.forward, run.backwardFromOutput, run.dy));
  }
  return bad;
}

/** Failures of a fixture-app report: every catalogue row present, every value right. */
export function checkProbe(report: { activations: ActivationRun[]; zeroCopyMismatches: string[] }): string[] {
  const seen = report.activations.map((a) => a.name);
  const missing = CATALOGUE_NAMES.filter((n) => !seen.includes(n)).map((n) => `${n} not run`);
  return [...missing, ...report.zeroCopyMismatches.map((m) => `zero-copy differs: ${m}`), ...report.activations.flatMap(checkRun)];
}
