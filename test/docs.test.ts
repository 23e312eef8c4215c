// Documentation that runs: every ```js block of README.md and docs/*.md runs as an ES module
// in a fresh Node process, importing the built package by its name; every ```ts block
// type-checks (strict) and runs; every npm command in a ```sh block names a script that
// exists. (```html blocks and the esbuild recipe run in the browser end-to-end suite.)

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

/** The fenced code blocks of a markdown file. */
function blocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    out.push({ file, line: start + 1, lang: open[1]!, code: body.join('\n') });
  }
  return out;
}

// A scratch project whose node_modules/wasm-activations is this repository (built dist/).
const work = mkdtempSync(join(tmpdir(), 'wasm-activations-docs-'));
mkdirSync(join(work, 'node_modules'));
symlinkSync(ROOT, join(work, 'node_modules', 'wasm-activations'), 'dir');
writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

const TESTED = new Set(['js', 'ts', 'sh']);

for (const file of FILES) {
  const tested = blocks(file).filter((b) => TESTED.has(b.lang));
  if (tested.length === 0) continue;
  describe(file, () => {
    for (const b of tested) {
      const where = `${file}:${b.line}`;
      if (b.lang === 'js') {
        it(`js block at line ${b.line} runs`, () => {
          const path = join(work, `block-${file.replace(/\W/g, '_')}-${b.line}.mjs`);
          writeFileSync(path, b.code);
          const r = spawnSync(process.execPath, [path], { cwd: work, encoding: 'utf8', timeout: 120_000 });
          expect(r.status, `${where}\n${r.stderr}`).toBe(0);
          expect(r.stderr, where).not.toMatch(/wasm-activations:|Error/);
        });
      } else if (b.lang === 'ts') {
        it(`ts block at line ${b.line} type-checks and runs`, () => {
          const path = join(work, `block-${file.replace(/\W/g, '_')}-${b.line}.ts`);
          writeFileSync(path, b.code);
          const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
          const check = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
            '--moduleResolution', 'nodenext', '--lib', 'es2022,esnext.disposable', '--types', 'node', path], { cwd: work, encoding: 'utf8' });
          expect(check.status, `${where}\n${check.stdout}${check.stderr}`).toBe(0);
          execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path], { cwd: work, timeout: 120_000 });
        });
      } else if (b.lang === 'sh') {
        it(`sh block at line ${b.line} names scripts that exist`, () => {
          for (const m of b.code.matchAll(/npm (?:run ([\w:-]+)|(start|test))\b/g)) {
            expect(scripts, `${where}: npm ${m[1] ? `run ${m[1]}` : m[2]}`).toHaveProperty(m[1] ?? m[2]!);
          }
        });
      }
    }
  });
}
