// `npm run docs`: regenerates the README sections that come from the catalogue (the
// activation reference) and from the last benchmark run (bench/results.md).

import { existsSync, readFileSync } from 'node:fs';
import { ELEMENTWISE, STRUCTURED, type Param } from '../src/catalogue/index.js';
// @ts-expect-error plain ESM helper without types
import { writeReadmeSection } from './readme-section.mjs';

const ACCURACY_TEXT = {
  exact: 'exact',
  hard: '≤ 2 ULP',
  smooth: '≤ 3 ULP',
  tail: '≤ 4 ULP (|f| ≥ 2⁻²⁰)',
} as const;

function paramText(p: Param): string {
  const def = 'choices' in p ? `'${p.default}'` : 'required' in p && p.required ? 'required' : String(+p.default.toPrecision(6));
  const choices = 'choices' in p ? ` (${p.choices.map((c) => `'${c}'`).join(' \\| ')})` : '';
  return `\`${p.name}\` = ${def}${choices}`;
}

function activationSection(): string {
  const families = new Map<string, typeof ELEMENTWISE[number][]>();
  for (const spec of ELEMENTWISE) {
    const list = families.get(spec.family) ?? [];
    list.push(spec);
    families.set(spec.family, list);
  }
  const out: string[] = [];
  for (const [family, specs] of families) {
    out.push(`#### ${family}`, '');
    out.push('| function | f(x) | options (defaults) | `backwardFromOutput` | convention at kinks | accuracy |');
    out.push('|---|---|---|---|---|---|');
    for (const s of specs) {
      const names = [s.name, ...(s.aliases ?? [])].map((n) => `\`${n}\``).join(' = ');
      const params = s.params.length ? s.params.map(paramText).join('<br>') : '–';
      const yForm = s.fromOutput ? 'yes' : 'no';
      out.push(`| ${names} | ${s.formula} | ${params} | ${yForm} | ${s.kink ?? '–'} | ${ACCURACY_TEXT[s.accuracy]} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The activations that are not element-wise (rows, channels, sampled slopes): one table, then notes. */
function structuredSection(): string {
  const out = [
    '| function | f | options (defaults) | gradient | methods | accuracy |',
    '|---|---|---|---|---|---|',
  ];
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  for (const s of STRUCTURED) {
    const options = s.options.map((o) => `\`${o.name}\` = ${cell(o.default)}: ${cell(o.doc)}`).join('<br>');
    const methods = s.methods.filter((m) => m !== 'forward').map((m) => `\`.${m}\``).join(', ');
    out.push(`| \`${s.name}\` | ${cell(s.formula)} | ${options || '–'} | ${cell(s.gradient)} | ${methods} | ${cell(s.accuracy)} |`);
  }
  out.push('');
  for (const s of STRUCTURED) if (s.notes) out.push(`- \`${s.name}\`: ${s.notes}`);
  return out.join('\n');
}

writeReadmeSection('activations', activationSection());
writeReadmeSection('structured', structuredSection());

const bench = new URL('../bench/results.md', import.meta.url);
if (existsSync(bench)) {
  const text = readFileSync(bench, 'utf8');
  // The README shows the 1 Mi table and the chart; the full report stays in bench/results.md.
  const match = /(#+ [^\n]*1 Mi[\s\S]*?)(?=\n#+ |\n*$)/.exec(text);
  writeReadmeSection('bench', `${match ? match[1]! : text}\n\n![benchmark chart](bench/results.svg)\n\nFull report: [bench/results.md](bench/results.md).`);
}
console.log('README.md sections regenerated');
