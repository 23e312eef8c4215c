// `npm run accuracy`: sweeps ≥ 100k dense float32 inputs per activation, mode and
// backend (streamed path; the tests show the zero-copy path gives identical bits) and
// writes the measured worst errors into README.md. The tests enforce the contract;
// this table shows where each function actually stands.
//
// Cells: max ULP where the float64 reference is a normal float32 (|ref| ≥ 2^-126),
// then the max absolute error over all finite references.

import { ELEMENTWISE, type ParamValues } from '../src/catalogue/index.js';
import { BACKENDS, MODES, defaultParams, run, type Mode } from '../test/support/harness.js';
import { denseInputs, gradients } from '../test/support/inputs.js';
import { REFERENCES } from '../test/support/reference.js';
import { formatWorst, measure } from '../test/support/measure.js';
// @ts-expect-error plain ESM helper without types
import { writeReadmeSection } from './readme-section.mjs';

const X = denseInputs();
const DY = gradients(X.length);
const MODE_LABEL: Record<Mode, string> = {
  forward: 'f(x)',
  derivative: "f'(x)",
  backward: "dy·f'(x)",
  backwardFromOutput: "dy·f'(y)",
};

const lines = [
  `Measured by \`npm run accuracy\` over ${X.length.toLocaleString('en')} float32 inputs (every exponent of both signs, dense grids on [-20, 20] and [-1, 1], specials), default parameters. ` +
    'Cell: max ULP error over the points where the contract bounds the error in ULPs / max absolute error over the points where it bounds it absolutely ' +
    '(forward: below 2^-126, or 2^-20 for gelu, mish, tanhshrink; gradients: within 2^-24·max(1, |dy|), and where f′ itself is subnormal; gradient absolute errors are divided by max(1, |dy|)). ' +
    "Backward columns use upstream gradients dy in [-4, 4] plus specials; dy·f'(y) takes y = f(x) rounded to float32.",
  '',
  `| function | ${BACKENDS.map((b) => `${b}`).join(' | ')} |`,
  `|---|${BACKENDS.map(() => '---:').join('|')}|`,
];

for (const spec of ELEMENTWISE) {
  const ref = REFERENCES[spec.name];
  if (!ref || spec.params.some((p) => 'required' in p && p.required)) continue;
  const p: ParamValues = defaultParams(spec);
  const Y = X.map((v) => ref.forward(v, p));
  for (const mode of MODES) {
    if (mode === 'backwardFromOutput' && (!spec.fromOutput || !ref.fromOutput || spec.fromOutputCheck?.(p))) continue;
    const input = mode === 'backwardFromOutput' ? Y : X;
    const dy = mode === 'backward' || mode === 'backwardFromOutput' ? DY : undefined;
    const slope = Float64Array.from(input, (v) =>
      mode === 'backwardFromOutput' ? ref.fromOutput!(v, p) : mode === 'forward' ? 0 : ref.derivative(v, p));
    const expected = Float64Array.from(input, (v, i) =>
      mode === 'forward' ? ref.forward(v, p) : mode === 'derivative' ? slope[i]! : dy![i]! * slope[i]!);
    const cells = BACKENDS.map((b) =>
      formatWorst(measure(spec.accuracy, run(spec.name, b, 'streamed', mode, input, dy), expected, mode === 'forward' ? undefined : { dy, slope })));
    lines.push(`| ${spec.name} ${MODE_LABEL[mode]} | ${cells.join(' | ')} |`);
  }
}

const table = lines.join('\n');
console.log(table);
if (!process.argv.includes('--print')) writeReadmeSection('accuracy', table);
