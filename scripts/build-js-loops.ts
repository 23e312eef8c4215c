// Generates src/generated/js-loops.ts: the js backend's loop for every element-wise
// catalogue row and method, from the rows themselves (run by `npm run build:js`).
//
// Why generated: a loop that calls the row's scalar function per element is as fast as
// the loop a user would write only when V8 inlines that call, and V8 inlines only a call
// site that has seen one callee. Call sites belong to function literals (closures made by
// one factory share them), so every loop needs a literal of its own: written out here,
// not at run time (no eval or new Function: the package runs under a strict CSP). The
// loops restate no math: each calls the catalogue's function.
//
// Each loop is written for Float32Array and for Float64Array data, so that every element
// access sees one array type. The parameters a, b reach the row function as literals
// (specialised cases) or as loads from a Float64Array inside the loop: V8 runs long calls
// as on-stack-replacement code, where values from before the loop arrive untyped, and a
// row that returns a parameter (clamp, threshold) would then box every result into a
// heap number. Backward loops compute dy·f'(x); for float32 data f' is rounded to
// float32 first, as the wasm kernels do, so dy = ±Infinity gives NaN wherever f' rounds
// to 0, on every backend.

import { writeFileSync, mkdirSync } from 'node:fs';
import { ELEMENTWISE, kernelArgs, type ElementwiseSpec, type ParamValues } from '../src/catalogue/index.js';

type Method = 'forward' | 'derivative' | 'backward' | 'backwardFromOutput';

/** The catalogue function each method calls. */
const SCALAR: Record<Method, 'forward' | 'derivative' | 'fromOutput'> = {
  forward: 'forward', derivative: 'derivative', backward: 'derivative', backwardFromOutput: 'fromOutput',
};

/** A number as a JavaScript literal. */
const literal = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/**
 * The kernel parameters a row's loops specialise on: `fixed` when they do not depend on
 * options (the row has none); else those of the default options, and of every choice of
 * a row whose options are all choices (gelu's approximate); none when an option is
 * required. A call with these values runs a loop where they are literals, which V8 folds
 * into the inlined function (alpha = 1 multiplies by nothing, a threshold is an immediate
 * compare, gelu keeps one form); others go through P.
 */
function specialised(spec: ElementwiseSpec, single: boolean): { fixed: boolean; args: (readonly [number, number])[] } {
  // As the call resolves them: float32 data rounds the option values, then the arguments.
  const args = (values: ParamValues): readonly [number, number] => {
    const pair = kernelArgs(spec, single ? values.map((v) => (typeof v === 'number' ? Math.fround(v) : v)) : values);
    return single ? [Math.fround(pair[0]), Math.fround(pair[1])] : pair;
  };
  if (spec.params.length === 0) return { fixed: true, args: [args([])] };
  if (spec.params.some((p) => 'required' in p && p.required)) return { fixed: false, args: [] };
  if (spec.params.length === 1 && 'choices' in spec.params[0]!) {
    return { fixed: false, args: spec.params[0].choices.map((c) => args([c])) };
  }
  return { fixed: false, args: [args(spec.params.map((p) => p.default))] };
}

/**
 * The loops of one row and method: top-level functions, one per array type and
 * parameter case (each is optimised on its own and inlines one call, so a large row
 * function such as gelu's never runs out of V8's inlining budget), and the method of the
 * row's entry, which picks one per call.
 */
function loops(spec: ElementwiseSpec, method: Method): { functions: string[]; entry: string } {
  const f = `${spec.name}.${SCALAR[method]}${method === 'backwardFromOutput' ? '!' : ''}`;
  const unary = method === 'forward' || method === 'derivative';
  const input = method === 'backwardFromOutput' ? 'y' : 'x';
  const inputs = unary ? 'x: FloatArray' : `dy: FloatArray, ${input}: FloatArray`;
  const args = unary ? 'x, out' : `dy, ${input}, out`;
  // Rows of the exact class have f' in {0, 1, NaN, a float32 parameter}: rounding it to
  // float32 is the identity there, and costs a tenth of these short loops.
  const round = spec.accuracy !== 'exact';
  const functions: string[] = [];
  /** A loop function over one array type, calling f with parameters pa, pb (expressions); returns its name. */
  const emit = (single: boolean, k: number | 'generic', pa: string, pb: string): string => {
    const name = `${spec.name}$${method}$${single ? 'f32' : 'f64'}$${k}`;
    const call = `f(${input}[i]!, ${pa}, ${pb})`;
    const value = unary ? call : single && round ? `dy[i]! * Math.fround(${call})` : `dy[i]! * ${call}`;
    const head = k === 'generic' ? `${inputs}, out: FloatArray, a: number, b: number` : `${inputs}, out: FloatArray`;
    const setP = k === 'generic' ? '\n  P[0] = a;\n  P[1] = b;' : '';
    functions.push(`function ${name}(${head}): void {
  const f = ${f};
  const n = out.length;${setP}
  for (let i = 0; i < n; i++) out[i] = ${value};
}`);
    return name;
  };
  /** The dispatch for one array type. */
  const pick = (single: boolean, pad: string): string => {
    const { fixed, args: cases } = specialised(spec, single);
    const lines = cases.map(([a, b], k) => {
      const name = emit(single, k, literal(a), literal(b));
      return fixed ? `${name}(${args});` : `if (Object.is(a, ${literal(a)}) && Object.is(b, ${literal(b)})) return ${name}(${args});`;
    });
    if (!fixed) lines.push(`${emit(single, 'generic', 'P[0]!', 'P[1]!')}(${args}, a, b);`);
    return lines.join(`\n${pad}`);
  };
  const entry = `    ${method}(${inputs}, out: FloatArray, a: number, b: number): void {
      if (out instanceof Float32Array) {
        ${pick(true, '        ')}
      } else {
        ${pick(false, '        ')}
      }
    },`;
  return { functions, entry };
}

const rows = ELEMENTWISE.map((spec) => {
  const methods: Method[] = ['forward', 'derivative', 'backward', ...(spec.fromOutput ? ['backwardFromOutput' as const] : [])];
  return { spec, name: spec.name, parts: methods.map((m) => loops(spec, m)) };
});

const source = `// Generated by scripts/build-js-loops.ts from the catalogue's element-wise rows; do not edit.
// The js backend's loops: a function literal per row, method, array type and parameter
// case, so that V8 inlines the catalogue function each one calls (see the generator).

import type { FloatArray, Loop1, Loop2 } from '../backends/backend.js';
import { BY_NAME, type ElementwiseSpec } from '../catalogue/index.js';

/** The loops of one row: out[i] = f(x[i]), f'(x[i]), dy[i]·f'(x[i]), dy[i]·f'(from y[i]). */
export interface ElementLoops {
  readonly forward: Loop1;
  readonly derivative: Loop1;
  readonly backward: Loop2;
  readonly backwardFromOutput?: Loop2;
}

const row = (name: string): ElementwiseSpec => BY_NAME.get(name)!;
/** The parameters a, b of a generic loop (see the generator). */
const P = new Float64Array(2);
${rows.map((r) => `const ${r.name} = row('${r.name}');`).join('\n')}

${rows.flatMap((r) => r.parts.flatMap((part) => part.functions)).join('\n\n')}

/** Every element-wise row's loops, by row name. */
export const JS_LOOPS: Readonly<Record<string, ElementLoops>> = {
${rows.map((r) => `  ${r.name}: {\n${r.parts.map((part) => part.entry).join('\n')}\n  },`).join('\n')}
};
`;

mkdirSync(new URL('../src/generated/', import.meta.url), { recursive: true });
writeFileSync(new URL('../src/generated/js-loops.ts', import.meta.url), source);
console.log(`js-loops: ${rows.length} rows, ${rows.reduce((s, r) => s + r.parts.reduce((t, part) => t + part.functions.length, 0), 0)} loops`);
