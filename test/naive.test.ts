// demo/naive.js, the one table of "the loop a user would write" behind the benchmark's naive
// column, the demo page's naive bar and npm start, computes the same functions as the package,
// with the same options: every loop against the package, at the defaults and at other option
// values (so an option a loop ignores or reads wrongly, like celu's alpha, fails here).

import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
// @ts-expect-error plain ES module without types (the demo page loads it as is)
import { DEFAULTS, NAIVE, NAIVE_BACKWARD, NAIVE_FROM_OUTPUT, naiveLoop } from '../demo/naive.js';
import { mulberry32 } from './support/inputs.js';

type Loop = (...arrays: Float32Array[]) => void;
type Fn = ((x: Float32Array, o?: object) => Float32Array) & {
  backward(dy: Float32Array, x: Float32Array, o?: object): Float32Array;
  backwardFromOutput(dy: Float32Array, y: Float32Array, o?: object): Float32Array;
};

const N = 4096;
const rand = mulberry32(77);
const x = Float32Array.from({ length: N }, () => rand() * 16 - 8);
const dy = Float32Array.from({ length: N }, () => rand() * 2 - 1);

/** Options other than the defaults, per function; every option a loop reads is moved. */
const MOVED: Record<string, object> = {
  leakyRelu: { negativeSlope: 0.2 },
  hardtanh: { minVal: -2, maxVal: 0.5 },
  hardsigmoid: { alpha: 0.2, beta: 0.4 },
  softshrink: { lambd: 1.5 },
  hardshrink: { lambd: 1.5 },
  threshold: { threshold: 0.7, value: -3 },
  elu: { alpha: 0.5 },
  celu: { alpha: 2 },
  softplus: { beta: 2, threshold: 10 },
  gelu: { approximate: 'tanh' },
  prelu: { weight: 0.1 },
  rrelu: { lower: 0.05, upper: 0.45 },
  softmax: { rowLength: 64 },
  logSoftmax: { rowLength: 64 },
  softmin: { rowLength: 64 },
  glu: { rowLength: 64 },
};
/** Options the package requires: threshold's two, and rows for the row-wise functions (the bench's shape). */
const REQUIRED: Record<string, object> = {
  threshold: { threshold: 0, value: 0 },
  softmax: { rowLength: 512 },
  logSoftmax: { rowLength: 512 },
  softmin: { rowLength: 512 },
  glu: { rowLength: 512 },
};

/** float32 output against the float64 loop: a few float32 ULPs, or the A–S erf's 1.5e-7 (×|dy|, ×|x| at most 8). */
function expectClose(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!) / (2e-6 * Math.max(1, Math.abs(want[i]!)));
    if (!(err <= worst)) { worst = err; at = i; }
  }
  expect(worst, `${what}: x = ${x[at]}, package ${got[at]}, naive ${want[at]}`).toBeLessThanOrEqual(1);
}

const fn = (name: string): Fn => (api as unknown as Record<string, Fn>)[name]!;

describe('demo/naive.js, the naive loops, agree with the package', () => {
  it('has a forward loop for every function the package exports, and defaults equal to the catalogue\'s', () => {
    for (const info of api.activationInfo) {
      expect(NAIVE[info.name], info.name).toBeTypeOf('function');
      for (const p of info.params) {
        if (typeof p.default === 'number') expect((DEFAULTS as Record<string, Record<string, number>>)[info.name]?.[p.name], `${info.name}.${p.name}`).toBeCloseTo(p.default, 12);
      }
    }
    for (const name of ['softmax', 'logSoftmax', 'softmin', 'glu', 'prelu', 'rrelu']) expect(NAIVE[name], name).toBeTypeOf('function');
  });

  for (const name of Object.keys(NAIVE)) {
    for (const [variant, opts] of [['defaults', REQUIRED[name] ?? {}], ['other options', MOVED[name]]] as const) {
      if (!opts || typeof fn(name) !== 'function') continue;
      it(`${name} forward, ${variant}`, () => {
        const outLength = name === 'glu' ? N / 2 : N;
        const want = new Float32Array(outLength);
        (naiveLoop(name, opts) as Loop)(x, want);
        expectClose(fn(name)(x, opts), want, `${name} ${JSON.stringify(opts)}`);
      });
      if (NAIVE_BACKWARD[name]) {
        it(`${name} backward, ${variant}`, () => {
          const g = name === 'glu' ? dy.subarray(0, N / 2) : dy;
          const want = new Float32Array(N);
          (naiveLoop(name, opts, 'backward') as Loop)(g, x, want);
          expectClose(fn(name).backward(g, x, opts), want, `${name}.backward ${JSON.stringify(opts)}`);
        });
      }
    }
  }

  for (const name of Object.keys(NAIVE_FROM_OUTPUT)) {
    it(`${name} backwardFromOutput`, () => {
      const y = fn(name)(x);
      const want = new Float32Array(N);
      (naiveLoop(name, {}, 'backwardFromOutput') as Loop)(dy, y, want);
      expectClose(fn(name).backwardFromOutput(dy, y), want, `${name}.backwardFromOutput`);
    });
  }
});
