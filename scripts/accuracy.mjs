// `npm run accuracy`: runs the accuracy test suite (test/accuracy.test.ts: every
// element-wise activation, mode and backend over ≥ 100k dense float32 inputs against
// float64 oracles), which writes its measured worst errors as data, and lays them out as
// the README's accuracy table. The tests enforce the contract; the table shows where
// each function actually stands. `--print` prints the table without writing the README.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReadmeSection } from './readme-section.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The float16 table: test/float16.test.ts under a Node with Float16Array (this one, else
 * Node 24 from scripts/node-versions.mjs), every half bit pattern as input.
 */
function float16Table(MODE_LABEL) {
  const node = typeof globalThis.Float16Array === 'function'
    ? process.execPath
    : execFileSync(process.execPath, [join(root, 'scripts/node-versions.mjs'), '--path', '24'], { encoding: 'utf8' }).trim();
  const out = join(dir, 'float16.json');
  execFileSync(node, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/float16.test.ts', '--reporter=dot'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, FLOAT16_ACCURACY_JSON: out },
  });
  const { inputs, backends, measured } = JSON.parse(readFileSync(out, 'utf8'));
  const lines = [
    `Float16Array data (computed in float32, rounded once to half), over all ${inputs.toLocaleString('en')} half bit patterns as x, default parameters: ` +
      'max error in half-precision ULPs against the float64 reference (the contract: ≤ 1; gradient points within the float32 contract\'s absolute bound plus half a half ULP are not counted).',
    '',
    `| float16 | ${backends.join(' | ')} |`,
    `|---|${backends.map(() => '---:').join('|')}|`,
  ];
  const rows = new Map();
  for (const m of measured) {
    const key = `${m.name} ${MODE_LABEL[m.mode]}`;
    if (!rows.has(key)) rows.set(key, {});
    rows.get(key)[m.backend] = m.ulp.toFixed(2);
  }
  for (const [key, cells] of rows) lines.push(`| ${key} | ${backends.map((b) => cells[b] ?? '–').join(' | ')} |`);
  return lines;
}
const dir = mkdtempSync(join(tmpdir(), 'accuracy-'));
const file = join(dir, 'accuracy.json');
try {
  execFileSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/accuracy.test.ts', '--reporter=dot'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ACCURACY_JSON: file },
  });
  const { inputs, backends, measured } = JSON.parse(readFileSync(file, 'utf8'));
  const MODE_LABEL = { forward: 'f(x)', derivative: "f'(x)", backward: "dy·f'(x)", backwardFromOutput: "dy·f'(y)" };
  const lines = [
    `Measured by \`npm run accuracy\` (the accuracy test suite) over ${inputs.toLocaleString('en')} float32 inputs (every exponent of both signs, dense grids on [-20, 20] and [-1, 1], specials), default parameters, both memory paths. ` +
      'Cell: max ULP error over the points where the contract bounds the error in ULPs / max absolute error over the points where it bounds it absolutely ' +
      '(forward: below 2^-126, or 2^-20 for gelu, mish, tanhshrink; gradients: within 2^-24·max(1, |dy|), and where f′ itself is subnormal; gradient absolute errors are divided by max(1, |dy|)). ' +
      "Backward columns use upstream gradients dy in [-4, 4] plus specials; dy·f'(y) takes y = f(x) rounded to float32. " +
      'Rows "f(x + b)" use the bias option (b = 0.375) against the oracle at the float32 sum x + b, the rounding a separate add makes.',
    '',
    `| function | ${backends.join(' | ')} |`,
    `|---|${backends.map(() => '---:').join('|')}|`,
  ];
  const rows = new Map();
  // Default options, and the bias epilogue's forward (f(x + b) with the default options).
  const biasOnly = (o) => { try { return Object.keys(JSON.parse(o)).join() === 'bias'; } catch { return false; } };
  for (const m of measured.filter((m) => m.options === '' || (biasOnly(m.options) && m.mode === 'forward'))) {
    const key = m.options === '' ? `${m.name} ${MODE_LABEL[m.mode]}` : `${m.name} f(x + b), bias epilogue`;
    if (!rows.has(key)) rows.set(key, {});
    rows.get(key)[m.backend] = m.cell;
  }
  for (const [key, cells] of rows) lines.push(`| ${key} | ${backends.map((b) => cells[b] ?? '–').join(' | ')} |`);
  lines.push('', ...float16Table(MODE_LABEL));
  const table = lines.join('\n');
  console.log(table);
  if (!process.argv.includes('--print')) writeReadmeSection('accuracy', table);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
