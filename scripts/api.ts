// Writes src/generated/api.ts from the catalogue (src/catalogue/, the one source): every
// public activation function typed with its own options, its documentation as JSDoc
// (formula, options with defaults, the convention at kinks, methods, an example whose
// values come from the catalogue's float64 reference math) and activate()'s names with
// the options each takes. `npm run build` runs it before tsc (`npm run build:api` alone).
// The examples are plain JavaScript, so the type test compiles and runs them as pasted.

import { mkdirSync, writeFileSync } from 'node:fs';
import {
  ELEMENTWISE, FRAMEWORK_NAMES, kernelArgs, NAMED, STRUCTURED,
  type ElementwiseSpec, type OptionSpec, type Param, type StructuredSpec,
} from '../src/catalogue/index.js';

const OUT = new URL('../src/generated/api.ts', import.meta.url);
const PACKAGE = 'wasm-activations';

const pascal = (name: string): string => name[0]!.toUpperCase() + name.slice(1);
const optionsType = (name: string): string => `${pascal(name)}Options`;

/** A JSDoc block from lines (blank lines kept), indented by `indent`. */
function jsdoc(lines: readonly string[], indent = ''): string {
  const body = lines.map((l) => {
    if (l.includes('*/')) throw new Error(`api: "*/" in documentation text: ${l}`);
    return l ? `${indent} * ${l}` : `${indent} *`;
  });
  return `${indent}/**\n${body.join('\n')}\n${indent} */`;
}

/** A number as the examples print it: float32, four significant digits. */
function show(v: number): string {
  const f = Math.fround(v);
  return Object.is(f, -0) ? '0' : String(Number(f.toPrecision(4)));
}
const list = (a: ArrayLike<number>): string => `[${Array.from(a, show).join(', ')}]`;

/** A sentence from a catalogue doc string, and a clause (for lists joined by "; "). */
const sentence = (doc: string): string => (doc.endsWith('.') ? doc : `${doc}.`);
const clause = (doc: string): string => doc.replace(/\.$/, '');

/** A default as the docs show it: 1/6 rather than 0.1666…. */
function number(v: number): string {
  if (String(v).length <= 6) return String(v);
  for (let d = 2; d <= 12; d++) if (!Number.isInteger(v) && Number.isInteger(v * d) && Math.abs(v * d) < 100) return `${v * d}/${d}`;
  return String(+v.toPrecision(6));
}

/** A value as JavaScript source. */
const literal = (v: number | string): string => (typeof v === 'string' ? `'${v}'` : String(v));

/** A code block for @example, aligned comments. */
function example(lines: readonly (readonly [string, string?])[]): string[] {
  const width = Math.max(...lines.filter(([, c]) => c).map(([code]) => code.length));
  return ['@example', '```js', ...lines.map(([code, c]) => (c ? `${code.padEnd(width)} // ${c}` : code)), '```'];
}

// ---- element-wise rows -----------------------------------------------------------------

const paramType = (p: Param): string => ('choices' in p ? p.choices.map(literal).join(' | ') : 'number');
const isRequired = (p: Param): boolean => 'required' in p && p.required === true;
const defaultText = (p: Param): string => (isRequired(p) ? 'required' : 'choices' in p ? literal(p.default) : number(p.default));

function elementwiseOptions(s: ElementwiseSpec): string {
  const members = s.params.map((p) => [
    jsdoc([sentence(p.doc), ...(isRequired(p) ? ['Required.'] : [`@defaultValue ${defaultText(p)}`])], '  '),
    `  ${p.name}${isRequired(p) ? '' : '?'}: ${paramType(p)};`,
  ].join('\n'));
  return `${jsdoc([`Options of {@link ${s.name}}.`])}\nexport interface ${optionsType(s.name)} {\n${members.join('\n')}\n}`;
}

/** The options type of a row's function: its interface, or {} without options. */
const elementwiseOptionsName = (s: ElementwiseSpec): string => (s.params.length ? optionsType(s.name) : '{}');
const elementwiseType = (s: ElementwiseSpec): string =>
  `${s.fromOutput ? 'OutputDifferentiable' : 'ElementwiseActivation'}<${elementwiseOptionsName(s)}>`;

function elementwiseDoc(s: ElementwiseSpec): string[] {
  const x = [-2, -0.5, 0, 1.5];
  const required = s.params.filter(isRequired);
  const values = s.params.map((p) => p.default);
  const [a, b] = kernelArgs(s, values);
  const y = x.map((v) => s.forward(v, a, b));
  const dx = x.map((v) => s.derivative(v, a, b));
  const opts = required.length ? `, { ${required.map((p) => `${p.name}: ${literal(p.default)}`).join(', ')} }` : '';
  const inPlaceOpts = required.length ? `, { ${required.map((p) => `${p.name}: ${literal(p.default)}`).join(', ')}, out: x }` : ', { out: x }';
  const lines: string[] = [
    `\`${s.name}\`: f(x) = ${s.formula}.`,
    '',
    `Family: ${s.family}.${s.aliases?.length ? ` Also exported as ${s.aliases.map((n) => `\`${n}\``).join(', ')}.` : ''}`,
    s.params.length
      ? `Options: ${s.params.map((p) => `\`${p.name}\` (${isRequired(p) ? 'required' : `default ${defaultText(p)}`}): ${p.doc}`).join('; ')}; \`out\`: where to write the result (may be x).`
      : 'Options: `out`, where to write the result (same type and length as x; may be x).',
    `Derivative at kinks: ${s.kink ?? "none: f is differentiable everywhere, f' as written"}.`,
    `Methods: \`.backward(dy, x)\` = dy·f'(x), \`.derivative(x)\` = f'(x)${s.fromOutput
      ? ", `.backwardFromOutput(dy, y)` = dy·f'(x) from y = f(x)"
      : ' (no `.backwardFromOutput`: f\' is not a function of y)'}.`,
    'Float32Array data runs in wasm (SIMD where available), Float64Array data in float64 JavaScript, Float16Array data in float32 rounded once to half.',
    '',
    ...example([
      [`import { ${s.name} } from '${PACKAGE}';`],
      ['const x = new Float32Array([-2, -0.5, 0, 1.5]);'],
      [`const y = ${s.name}(x${opts});`, list(y)],
      ['const dy = new Float32Array([1, 1, 1, 1]);', 'dLoss/dy'],
      [`const dx = ${s.name}.backward(dy, x${opts});`, `dy·f'(x) = ${list(dx)}`],
      ...(s.fromOutput ? [[`const dx2 = ${s.name}.backwardFromOutput(dy, y${opts});`, 'the same, from y'] as const] : []),
      [`${s.name}(x${inPlaceOpts});`, 'in place'],
    ]),
  ];
  return lines;
}

function elementwiseExport(s: ElementwiseSpec): string {
  const type = elementwiseType(s);
  const doc = jsdoc(elementwiseDoc(s));
  const main = `${doc}\nexport const ${s.name}: ${type} = elementwise('${s.name}');`;
  const aliases = (s.aliases ?? []).map((alias) =>
    `${jsdoc([`\`${alias}\` is {@link ${s.name}} (the same function).`, '', ...elementwiseDoc(s).slice(0, 1)])}\nexport const ${alias}: ${type} = ${s.name};`);
  return [main, ...aliases].join('\n\n');
}

// ---- structured rows ---------------------------------------------------------------------

/** TypeScript type of a structured option, from the words the catalogue documents it with. */
function optionType(o: OptionSpec): string {
  const words: Record<string, string> = {
    'positive integer': 'number',
    'non-negative safe integer': 'number',
    'finite number': 'number',
    boolean: 'boolean',
    'Float32Array | Float64Array': 'FloatArray',
    'number | Float32Array | Float64Array': 'number | FloatArray',
    'array of non-negative integers': 'readonly number[]',
    integer: 'number',
  };
  if (words[o.type]) return words[o.type]!;
  if (/^'[\w]+'( \| '[\w]+')*$/.test(o.type)) return o.type;
  throw new Error(`api: no TypeScript type for option ${o.name} of type "${o.type}"; add it to optionType()`);
}

function structuredOptions(s: StructuredSpec): string {
  const member = (o: OptionSpec, optional: boolean): string => {
    const only = o.methods ? [`Taken by ${o.methods.map((m) => (m === 'forward' ? `\`${s.name}()\`` : `\`.${m}()\``)).join(', ')}.`] : [];
    return [
      jsdoc([sentence(o.doc), ...only, o.required ? 'Required.' : `@defaultValue ${o.default}`], '  '),
      `  ${o.name}${optional ? '?' : ''}: ${optionType(o)};`,
    ].join('\n');
  };
  const head = jsdoc([`Options of {@link ${s.name}}.`]);
  const groups = [...new Set(s.options.flatMap((o) => (o.group ? [o.group] : [])))];
  if (groups.length === 0) {
    return `${head}\nexport interface ${optionsType(s.name)} {\n${s.options.map((o) => member(o, !o.required)).join('\n')}\n}`;
  }
  // One group of options or another (rowLength, or shape and dim): a union, each variant
  // with its group's options and the others' as `?: undefined`.
  const variants = groups.map((g) => {
    const members = s.options.map((o) =>
      !o.group || o.group === g ? member(o, !o.required) : `  ${o.name}?: undefined;`);
    return `{\n${members.join('\n')}\n}`;
  });
  return `${head}\nexport type ${optionsType(s.name)} =\n  | ${variants.join('\n  | ')};`;
}

const STRUCTURED_TYPE: Record<StructuredSpec['kind'], string> = {
  softmax: 'RowwiseActivation', glu: 'GluActivation', prelu: 'PreluActivation', rrelu: 'RreluActivation',
};

/** The example of a structured row, by kind, with values from the row's float64 math. */
function structuredExample(s: StructuredSpec): string[] {
  const n = s.name;
  const imp = [`import { ${n} } from '${PACKAGE}';`] as const;
  switch (s.kind) {
    case 'softmax': {
      const x = Float64Array.from([1, 2, 3, 1, 1, 1]);
      const y = new Float64Array(6);
      s.js.forward([x], y, 2, 0, 0);
      return example([
        imp,
        ['const logits = new Float32Array([1, 2, 3, 1, 1, 1]);', 'two rows of 3'],
        [`const y = ${n}(logits, { rowLength: 3 });`, list(y)],
        ['const dy = new Float32Array([0, 1, 0, 0, 0, 1]);'],
        [`const dx = ${n}.backwardFromOutput(dy, y, { rowLength: 3 });`, 'from y; .backward(dy, logits, …) from x'],
        [`${n}(logits, { rowLength: 6, out: logits });`, 'one row of 6, in place'],
      ]);
    }
    case 'glu': {
      const x = Float64Array.from([1, 2, 0, -1]);
      const y = new Float64Array(2);
      s.js.forward([x], y, 1, 0, 0);
      return example([
        imp,
        ['const x = new Float32Array([1, 2, 0, -1]);', 'a = [1, 2], b = [0, -1]'],
        [`const y = ${n}(x);`, `a·σ(b) = ${list(y)}`],
        [`const dx = ${n}.backward(new Float32Array([1, 1]), x);`, 'length 4: [da, db]'],
        [`const rows = ${n}(new Float32Array(8), { rowLength: 4 });`, 'two rows of 4 → length 4'],
      ]);
    }
    case 'prelu': {
      const x = [-2, -0.5, 0, 1.5];
      const w = [0.25, 0.1];
      // channelsLast: element i is in channel i mod 2; the weight gradient sums dy·x (dy = 1) where x ≤ 0.
      const dw = w.map((_, c) => x.reduce((sum, v, i) => (i % 2 === c && !(v > 0) ? sum + v : sum), 0));
      return example([
        imp,
        ['const x = new Float32Array([-2, -0.5, 0, 1.5]);'],
        [`const y = ${n}(x, { weight: 0.25 });`, list(x.map((v) => (v > 0 ? v : 0.25 * v)))],
        ['const weight = new Float32Array([0.25, 0.1]);', 'two channels'],
        [`const yc = ${n}(x, { weight, layout: 'channelsLast' });`, list(x.map((v, i) => (v > 0 ? v : w[i % 2]! * v)))],
        ['const dy = new Float32Array([1, 1, 1, 1]);'],
        [`const dx = ${n}.backward(dy, x, { weight, layout: 'channelsLast' });`],
        [`const dw = ${n}.weightGradient(dy, x, { weight, layout: 'channelsLast' });`, `Σ dy·x per channel (x ≤ 0): ${list(dw)}`],
      ]);
    }
    case 'rrelu':
      return example([
        imp,
        ['const x = new Float32Array([-2, -0.5, 0, 1.5]);'],
        [`const y = ${n}(x);`, `eval: slope (1/8 + 1/3)/2 = ${list([-2, -0.5, 0, 1.5].map((v) => (v > 0 ? v : ((1 / 8 + 1 / 3) / 2) * v)))}`],
        ['const noise = new Float32Array(4);'],
        [`const yt = ${n}(x, { training: true, seed: 7, noise });`, 'training: sampled slopes, written to noise'],
        [`const dx = ${n}.backward(new Float32Array([1, 1, 1, 1]), x, { training: true, noise });`, 'dy·noise'],
      ]);
  }
}

function structuredExport(s: StructuredSpec): string {
  const methods = s.methods.filter((m) => m !== 'forward').map((m) => `\`.${m}\``);
  const lines = [
    `\`${s.name}\`: ${s.formula}.`,
    '',
    `Family: ${s.family}. Gradient: ${s.gradient}.`,
    `Options: ${s.options.map((o) => `\`${o.name}\` (${o.required ? 'required' : `default ${o.default}`}): ${clause(o.doc)}`).join('; ')}; \`out\`: where to write the result.`,
    `Derivative at kinks: ${s.kink ?? 'none: smooth'}.`,
    `Methods: ${methods.join(', ')}; the others throw a TypeError that says what to use.`,
    ...(s.notes ? [`Notes: ${s.notes}`] : []),
    '',
    ...structuredExample(s),
  ];
  const type = `${STRUCTURED_TYPE[s.kind]}<${optionsType(s.name)}>`;
  return `${jsdoc(lines)}\nexport const ${s.name}: ${type} = structured('${s.name}');`;
}

// ---- activate()'s names ---------------------------------------------------------------------

/** The options a name takes: its function's, with the defaults its spelling implies made optional. */
function namedOptions(name: string): string {
  const named = NAMED.get(name)!;
  const row = named.row;
  const base = 'kind' in row ? optionsType(row.name) : elementwiseOptionsName(row);
  const required = 'kind' in row ? row.options.filter((o) => o.required).map((o) => o.name) : row.params.filter(isRequired).map((p) => p.name);
  const defaulted = required.filter((k) => named.defaults && k in named.defaults);
  if (defaulted.length === 0) return base;
  if (defaulted.length === required.length && ('kind' in row ? row.options.length : row.params.length) === required.length) return `Partial<${base}>`;
  const keys = defaulted.map(literal).join(' | ');
  return `Omit<${base}, ${keys}> & Partial<Pick<${base}, ${keys}>>`;
}

function namesMap(): string {
  const members = [...NAMED.keys()].map((name) => {
    const f = FRAMEWORK_NAMES.find((n) => n.name === name);
    const target = NAMED.get(name)!.row.name;
    const doc = f
      ? `${f.frameworks.join(', ')} spelling: runs {@link ${target}}${f.defaults ? ` with ${Object.entries(f.defaults).map(([k, v]) => `${k} ${v}`).join(', ')} by default` : ''}.${f.note ? ` ${f.note}.` : ''}`
      : name === target ? `{@link ${name}}.` : `{@link ${target}} (alias).`;
    return `${jsdoc([doc], '  ')}\n  '${name}': ${namedOptions(name)};`;
  });
  return [
    jsdoc([
      'The options of every name {@link activate} accepts: the package\'s names and aliases, and',
      'the PyTorch, ONNX and Keras spellings of its alias table, each with its framework\'s defaults.',
    ]),
    `export interface ActivationOptions {\n${members.join('\n')}\n}`,
  ].join('\n');
}

// ---- the file --------------------------------------------------------------------------------

const used = new Set(ELEMENTWISE.map((s) => (s.fromOutput ? 'OutputDifferentiable' : 'ElementwiseActivation')));
const text = `// Generated by scripts/api.ts from the catalogue (src/catalogue/): do not edit.
// The public activation functions, typed with their own options and documented from
// their catalogue rows, and the options of every name activate() accepts.

import { ELEMENTWISE_FUNCTIONS } from '../elementwise.js';
import { STRUCTURED_FUNCTIONS } from '../structured/index.js';
import type { FloatArray } from '../types/arrays.js';
import type {
  ${[...used].sort().join(', ')}, GluActivation, PreluActivation, RowwiseActivation, RreluActivation,
} from '../types/functions.js';

/** The function of an element-wise row, typed by its export. */
const elementwise = <F>(name: string): F => ELEMENTWISE_FUNCTIONS.get(name) as unknown as F;
/** The function of a structured row, typed by its export. */
const structured = <F>(name: string): F => STRUCTURED_FUNCTIONS.get(name) as unknown as F;

${ELEMENTWISE.filter((s) => s.params.length).map(elementwiseOptions).join('\n\n')}

${STRUCTURED.map(structuredOptions).join('\n\n')}

${ELEMENTWISE.map(elementwiseExport).join('\n\n')}

${STRUCTURED.map(structuredExport).join('\n\n')}

${namesMap()}
`;

mkdirSync(new URL('.', OUT), { recursive: true });
writeFileSync(OUT, text);
