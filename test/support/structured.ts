// Test support for the non-element-wise activations: varied rows, a runner for a backend
// and memory path, the accuracy checks of the contract for rows, and a table of the worst
// measured errors.

import { allocate, setBackend, WasmBuffer, type BackendName } from '../../src/index.js';
import { CHUNK } from '../../src/memory.js';
import { FLT_MAX, FLT_TRUE_MIN, mulberry32 } from './inputs.js';
import { fromBits, ulpError } from './ulp.js';
import type { Path } from './harness.js';

export const ROW_LENGTHS: readonly number[] = [1, 2, 3, 4, 7, 64, 1000, CHUNK - 1, CHUNK + 1, 3 * CHUNK + 5];

/** Kinds of rows: ordinary, wide spreads, extreme magnitudes, ties and special values. */
const KINDS = [
  'normal', 'spread', 'bits', 'offset', 'oneHot', 'equal', 'huge', 'tiny',
  'posInf', 'negInf', 'nan', 'allNegInf', 'mixedInf',
] as const;
/** Long rows: the kinds that exercise different code paths without making the test slow. */
const LONG_KINDS = ['normal', 'spread', 'bits', 'offset', 'negInf', 'nan'] as const;

function fillRow(row: Float32Array, kind: string, rand: () => number): void {
  const n = row.length;
  const u = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const pick = () => Math.floor(rand() * n);
  for (let i = 0; i < n; i++) row[i] = u(-8, 8);
  switch (kind) {
    case 'spread': for (let i = 0; i < n; i++) row[i] = u(-300, 300); break;
    case 'bits':
      for (let i = 0; i < n; i++) row[i] = (rand() < 0.5 ? -1 : 1) * fromBits(Math.floor(rand() * 0x7f800000));
      break;
    case 'offset': for (let i = 0; i < n; i++) row[i] = 1e4 + u(-20, 20); break;
    case 'oneHot': row[pick()] = 120; break;
    case 'equal': row.fill(u(-50, 50)); break;
    case 'huge': for (let i = 0; i < n; i++) row[i] = u(-1, 1) * FLT_MAX; break;
    case 'tiny': for (let i = 0; i < n; i++) row[i] = u(-1, 1) * 1e-37 + (i % 5 === 0 ? FLT_TRUE_MIN : 0); break;
    case 'posInf': row[pick()] = Infinity; break;
    case 'negInf': for (let i = 0; i < n; i += 3) row[i] = -Infinity; break;
    case 'nan': row[pick()] = NaN; break;
    case 'allNegInf': row.fill(-Infinity); break;
    case 'mixedInf': row[pick()] = Infinity; row[pick()] = -Infinity; break;
  }
}

/** Rows of `len` elements cycling through the row kinds (about 30k elements, at least one of each kind). */
export function varietyRows(len: number, seed = 1): { x: Float32Array; rows: number } {
  const kinds: readonly string[] = len > 1000 ? LONG_KINDS : KINDS;
  const rows = len > 1000 ? kinds.length : Math.max(kinds.length, Math.ceil(30000 / len));
  const x = new Float32Array(rows * len);
  const rand = mulberry32(seed + len);
  for (let r = 0; r < rows; r++) fillRow(x.subarray(r * len, (r + 1) * len), kinds[r % kinds.length]!, rand);
  return { x, rows };
}

/** Upstream gradients, finite: uniform in [-4, 4] with a few rows scaled by 1e6 and 1e-6. */
export function rowGradients(n: number, len: number, seed = 5): Float32Array {
  const rand = mulberry32(seed);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / Math.max(len, 1));
    dy[i] = (rand() * 2 - 1) * 4 * (r % 7 === 3 ? 1e6 : r % 7 === 5 ? 1e-6 : 1);
  }
  return dy;
}

/**
 * Calls `f(...inputs, opts)` on a backend through a memory path: 'streamed' with the plain
 * arrays, 'zero-copy' with every input and the output in allocate() buffers.
 */
export function call(
  backend: BackendName, path: Path, f: (...args: never[]) => Float32Array,
  inputs: readonly Float32Array[], outLength: number, opts: Record<string, unknown> = {},
): Float32Array {
  setBackend(backend);
  const g = f as unknown as (...args: unknown[]) => Float32Array;
  // allocate() may detach views of earlier buffers: buffers in opts are read as arrays last.
  const arrays = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof WasmBuffer ? v.array : v]));
  if (path === 'streamed') return g(...inputs, arrays(opts));
  const bufs = inputs.map((a) => allocate(a.length));
  const out = allocate(outLength);
  try {
    bufs.forEach((b, i) => b.array.set(inputs[i]!));
    const r = g(...bufs.map((b) => b.array), { ...arrays(opts), out: out.array });
    if (r !== out.array) throw new Error('zero-copy call did not return out');
    return out.array.slice();
  } finally {
    bufs.forEach((b) => b.dispose());
    out.dispose();
  }
}

// ---- checks --------------------------------------------------------------------------------

export interface Verdict {
  ok: boolean;
  ulp: number;
  abs: number;
  /** Fraction of the allowed error used (≤ 1 passes; the smaller of the ULP and absolute fractions). */
  use: number;
}

/** NaN and infinite references must match exactly (a verdict), else undefined. */
function special(got: number, ref: number): Verdict | undefined {
  const r = Math.fround(ref);
  if (Number.isFinite(r)) {
    return Number.isNaN(got) || !Number.isFinite(got) ? { ok: false, ulp: Infinity, abs: Infinity, use: Infinity } : undefined;
  }
  const ok = Number.isNaN(r) ? Number.isNaN(got) : got === r;
  return { ok, ulp: ok ? 0 : Infinity, abs: ok ? 0 : Infinity, use: ok ? 0 : Infinity };
}

/** ≤ maxUlp ULP or absolute error ≤ maxAbs. */
export function within(got: number, ref: number, maxUlp: number, maxAbs: number): Verdict {
  const s = special(got, ref);
  if (s) return s;
  const ulp = ulpError(got, ref);
  const abs = Math.abs(got - ref);
  const use = Math.min(ulp / maxUlp, Number.isNaN(maxAbs) ? Infinity : abs / maxAbs);
  return { ok: use <= 1, ulp, abs, use };
}

/** Bitwise the float32 rounding of the reference (zeros of either sign are equal). */
export function exact(got: number, ref: number): Verdict {
  const s = special(got, ref);
  if (s) return s;
  const ok = got === Math.fround(ref);
  return { ok, ulp: ulpError(got, ref), abs: Math.abs(got - ref), use: ok ? 0 : Infinity };
}

/** Σ|a| over each row of `len`, per element. */
export function rowAbsSums(a: Float32Array, len: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r * len < a.length; r++) {
    let s = 0;
    for (let i = r * len; i < (r + 1) * len; i++) s += Math.abs(a[i]!);
    out.fill(s, r * len, (r + 1) * len);
  }
  return out;
}

/**
 * Compares got with expected element by element: returns the first failures (at most 5)
 * and records the worst ULP (where |reference| ≥ ulpFloor and countUlp(i)), the worst
 * absolute error and the largest fraction of the bound used, under `key`.
 */
export function compare(
  key: string, got: Float32Array, expected: ArrayLike<number>, check: (got: number, ref: number, i: number) => Verdict,
  ulpFloor = 2 ** -126, countUlp: (i: number) => boolean = () => true,
): string[] {
  if (got.length !== expected.length) return [`length ${got.length}, expected ${expected.length}`];
  const failures: string[] = [];
  let maxUlp = 0;
  let maxAbs = 0;
  let maxUse = 0;
  for (let i = 0; i < got.length; i++) {
    const ref = expected[i]!;
    const v = check(got[i]!, ref, i);
    if (Number.isFinite(v.ulp) && Math.abs(ref) >= ulpFloor && countUlp(i)) maxUlp = Math.max(maxUlp, v.ulp);
    if (Number.isFinite(v.abs)) maxAbs = Math.max(maxAbs, v.abs);
    if (Number.isFinite(v.use)) maxUse = Math.max(maxUse, v.use);
    if (!v.ok && failures.length < 5) failures.push(`[${i}] got ${got[i]}, want ${ref} (${v.ulp.toPrecision(3)} ulp, abs ${v.abs.toPrecision(3)})`);
  }
  const w = WORST.get(key) ?? { ulp: 0, abs: 0, use: 0 };
  WORST.set(key, { ulp: Math.max(w.ulp, maxUlp), abs: Math.max(w.abs, maxAbs), use: Math.max(w.use, maxUse) });
  return failures;
}

const WORST = new Map<string, { ulp: number; abs: number; use: number }>();

/** The worst errors recorded so far, one line per key. */
export function worstTable(title: string): string {
  const rows = [...WORST].map(([k, w]) =>
    `${k.padEnd(44)} ${w.ulp.toFixed(2).padStart(9)} ulp  ${w.abs.toExponential(1)} abs  ${w.use.toFixed(3)} of the bound`);
  return `${title}\n${rows.join('\n')}`;
}

/** True when two float32 arrays are bitwise equal (NaN payloads aside). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]!) && Number.isNaN(b[i]!)))) return false;
  }
  return true;
}

/** ∂loss/∂v[i] by a central difference of step h, in float64. */
export function partial(loss: (v: Float64Array) => number, v: Float64Array, i: number, h = 1e-6): number {
  const plus = v.slice();
  const minus = v.slice();
  plus[i]! += h;
  minus[i]! -= h;
  return (loss(plus) - loss(minus)) / (2 * h);
}

/** The loss Σ dy·f(v) whose gradient backward(dy, ·) computes. */
export function weighted(dy: ArrayLike<number>, f: (v: Float64Array) => ArrayLike<number>): (v: Float64Array) => number {
  return (v) => {
    const y = f(v);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += dy[i]! * y[i]!;
    return s;
  };
}
