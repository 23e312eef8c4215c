// GLU, the gated linear unit: each row splits into halves a and b; y = a·σ(b).

import type { FloatArray, RowsFn } from '../backends/backend.js';
import * as math from './math.js';
import { dimOption, rowLengthOption, shapeOption, type GluSpec } from './structured.js';

// Local copies (see math.ts).
const { bell, logisticFromExp } = math;

/** x·σ(b) for s = σ(b); an infinite x stays infinite for b > -∞ (σ(b) > 0 even where it underflows). */
const scaled = (x: number, b: number, s: number): number => ((x === Infinity || x === -Infinity) && b > -Infinity ? x : x * s);

/** dy·a·d for d = σ'(b); for finite b (σ'(b) > 0), an infinite dy or a gives dy·a (±∞, or NaN for ∞·0). */
const scaledB = (g: number, a: number, b: number, d: number): number =>
  ((!Number.isFinite(g) || !Number.isFinite(a)) && Number.isFinite(b) ? g * a : g * a * d);

// The gradient takes σ(b) and σ'(b) = e/(1 + e)² from one e = exp(-|b|).
const pair = {
  forward: (a: number, b: number): number => scaled(a, b, logisticFromExp(Math.exp(-Math.abs(b)), b)),
  gradA: (g: number, _a: number, b: number): number => scaled(g, b, logisticFromExp(Math.exp(-Math.abs(b)), b)),
  gradB: (g: number, a: number, b: number): number => scaledB(g, a, b, bell(Math.exp(-Math.abs(b)))),
};

// The rows: where every b of a row lies in (-700, 700) (or is NaN), e = e^-b is finite and
// σ = 1/(1 + e), 1 - σ = e·σ and σ' = σ·(1 - σ) hold without overflow or cancellation, for
// infinite a and dy too: the row runs a loop of products and one division, as a loop
// written by hand would. Other rows (b infinite or beyond ±700) run the pair functions,
// whose special cases above would cost every element a branch.

/** Whether every b of the row at x[o, o + h) (the second half) is in (-700, 700) or NaN (backward, whose out may be x). */
function ordinary(x: FloatArray, o: number, h: number): boolean {
  for (let j = o; j < o + h; j++) if (Math.abs(x[j]!) >= 700) return false;
  return true;
}

/** y row r = a·σ(b) for the halves of x row r (out never overlaps x: it is half as long). */
const forward: RowsFn = ([x], out, rows) => {
  const h = rows ? out.length / rows : 0;
  for (let r = 0; r < rows; r++) {
    const a = 2 * r * h;
    // The plain loop, then the pair functions over the row if some b was not ordinary.
    let largest = 0;
    for (let j = 0; j < h; j++) {
      const b = x![a + h + j]!;
      largest = Math.max(largest, Math.abs(b));
      out[r * h + j] = x![a + j]! / (1 + Math.exp(-b));
    }
    if (!(largest < 700)) {
      for (let j = 0; j < h; j++) out[r * h + j] = pair.forward(x![a + j]!, x![a + h + j]!);
    }
  }
};

/** dx row r = [dy·σ(b), dy·a·σ'(b)]; out may be x (both halves are read before either is written). */
const backward: RowsFn = ([dy, x], out, rows) => {
  const h = rows ? dy!.length / rows : 0;
  for (let r = 0; r < rows; r++) {
    const a = 2 * r * h;
    if (ordinary(x!, a + h, h)) {
      for (let j = 0; j < h; j++) {
        const g = dy![r * h + j]!;
        const e = Math.exp(-x![a + h + j]!);
        const s = 1 / (1 + e);
        const av = x![a + j]!;
        out[a + j] = g * s;
        out[a + h + j] = g * av * (s * (e * s));
      }
      continue;
    }
    for (let j = 0; j < h; j++) {
      const g = dy![r * h + j]!;
      const av = x![a + j]!;
      const bv = x![a + h + j]!;
      const e = Math.exp(-Math.abs(bv));
      out[a + j] = scaled(g, bv, logisticFromExp(e, bv));
      out[a + h + j] = scaledB(g, av, bv, bell(e));
    }
  }
};

export const glu: GluSpec = {
  name: 'glu',
  kind: 'glu',
  family: 'Gated',
  formula: 'a·σ(b), where each row of rowLength (even) splits into halves a (first) and b (second); output rows of rowLength/2',
  gradient: 'da = dy·σ(b), db = dy·a·σ(b)(1 - σ(b)); backward(dy, x) takes dy of length n/2 and returns dx of length n',
  options: [
    { ...rowLengthOption('elements per input row (even); each gives an output row of rowLength/2 (PyTorch: dim = -1)'), group: 'rows' },
    shapeOption('the row-major shape of x (its product is x.length), with dim: glu splits dimension dim (even) into halves a and b'),
    dimOption('the dimension of shape that glu halves; negative counts from the end (PyTorch\'s dim, default -1)'),
  ],
  methods: ['forward', 'backward'],
  accuracy: '≤ 4 ULP (σ\'s 3 ULP and one product), or absolute error ≤ 2^-126 where the result is subnormal, '
    + 'or ≤ |a|·2^-147 where σ(b) itself is subnormal (b < -87.3); '
    + 'backward ≤ 4 ULP or absolute ≤ 2^-24·max(1, |dy|·max(1, |a|))',
  notes: 'No y-form (the gradient needs a and b) and no derivative(): both throw a TypeError that points to backward. '
    + 'Infinities take their mathematical limits: ∞·σ(b) = ∞ for every b > -∞, even where σ(b) underflows to 0 in '
    + 'float32 (PyTorch float32 gives NaN there); ∞·σ(-∞) is NaN.',
  js: { forward, backward },
  pair,
};
