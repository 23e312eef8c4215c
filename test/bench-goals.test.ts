// bench/goals.mjs, which turns bench runs into the goals table of bench/results.md: each
// goal is the ratio of two medians of one runtime's run (G11: of one case across the Node
// runtimes), '–' where the runtime did not measure it.

import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module without types
import { goalsTable } from '../bench/goals.mjs';

const Mi = 2 ** 20;
type Rates = Record<string, Record<string, number>>;

/** A runtime's results data with the given Melem/s at 1 Mi (and 16 Mi for relu). */
function run(runtime: string, rates: Rates) {
  const cell = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { melems: v }]));
  return {
    runtime,
    cases: Object.keys(rates).map((id) => ({ id })),
    results: {
      [Mi]: Object.fromEntries(Object.entries(rates).map(([id, r]) => [id, cell(r)])),
      [16 * Mi]: { relu: cell({ 'simd-zc': 950, copy: 1000 }) },
    },
  };
}

/** The cells of goal `id`'s row, one per runtime. */
function row(table: string, id: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`| ${id} |`))!;
  return line.split(' | ').slice(3).map((c) => c.replace(/ \|$/, ''));
}

describe('bench goals G1–G12', () => {
  const node24 = run('node24', {
    sigmoid: { 'simd-zc': 900, simd: 700, 'tfjs-wasm-op': 600, naive: 50, js: 45 },
    relu: { 'simd-zc': 800, simd: 500, copy: 1000, naive: 100, js: 100 },
    tanh: { 'simd-zc': 800, simd: 300, naive: 30, js: 20 },
  });
  const node20 = run('node20', {
    sigmoid: { 'simd-zc': 1000, simd: 700, naive: 50, js: 45 },
    relu: { 'simd-zc': 800, simd: 500, copy: 1000, naive: 100, js: 100 },
    tanh: { 'simd-zc': 1000, simd: 300, naive: 30, js: 20 },
  });
  const table = goalsTable([node24, run('chromium', { sigmoid: { 'simd-zc': 900, naive: 100 } }), node20]);

  it('has one row per goal and one column per runtime', () => {
    for (let g = 1; g <= 12; g++) expect(row(table, `G${g}`), `G${g}`).toHaveLength(3);
    expect(table.split('\n')[0]).toContain('| node24 | chromium | node20 |');
  });

  it('divides the two medians and compares with the target', () => {
    expect(row(table, 'G1')[0]).toBe('1.50× yes'); // 900 / 600 ≥ 1.5
    expect(row(table, 'G2')[0]).toBe('1.17× **no**'); // 700 / 600 < 1.2
    expect(row(table, 'G6')[0]).toBe('1 Mi 0.80×, 16 Mi 0.95× **no**'); // both sizes must reach 0.9
  });

  it('reports the lowest case for "every case" goals', () => {
    expect(row(table, 'G8')[0]).toBe('10.0× (tanh) **no**'); // tanh 300/30 is below sigmoid's 14×
    expect(row(table, 'G12')[0]).toBe('0.67× (tanh) **no**');
  });

  it('G11 compares each Node runtime with the fastest Node on every case, and skips browsers', () => {
    expect(row(table, 'G11')).toEqual(['0.80× (tanh) **no**', '–', '1.00× (sigmoid) yes']); // node20 is the fastest everywhere: 1.00 on every case, the first named
  });

  it('shows – where a runtime lacks the peer', () => {
    expect(row(table, 'G3')).toEqual(['–', '–', '–']);
    expect(row(table, 'G1')[1]).toBe('–');
  });
});
