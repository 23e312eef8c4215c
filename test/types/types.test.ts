// The type test: the package as npm would install it (the files `npm pack` takes, under
// node_modules/wasm-activations of a fresh project) compiled by consumers, strict and
// without skipLibCheck, lib ES2022 and no DOM, by the oldest TypeScript the README states
// and the newest, under moduleResolution bundler, node16 and nodenext: an ESM fixture, a
// CommonJS (.cts) one, and every @example of the published declarations. Fixtures assert
// what must not compile with @ts-expect-error. Then the fixtures, compiled by the
// repository's TypeScript, and the examples run, and every export shows its
// documentation on hover. Compilers other than the repository's are installed on first
// use into node_modules/.cache/typescript/<version> (the npm registry, exact versions).

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEMENTWISE, STRUCTURED } from '../../src/catalogue/index.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'test/types/fixtures');

/**
 * The oldest TypeScript the README states and the newest compile every fixture in every
 * mode; the repository's own compiles them under node16 and emits the JavaScript that runs.
 */
const OLDEST = '5.4.5';
const NEWEST = '7.0.2';
const OWN = (JSON.parse(readFileSync(join(ROOT, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;
const VERSIONS = [OLDEST, NEWEST];

const MODES = {
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
} as const;
type Mode = keyof typeof MODES;

/** tsc of a version: the repository's, or one installed into the cache on first use. */
async function tscOf(version: string): Promise<string> {
  if (version === OWN) return join(ROOT, 'node_modules/typescript/bin/tsc');
  const prefix = join(ROOT, 'node_modules/.cache/typescript', version);
  const bin = join(prefix, 'node_modules/typescript/bin/tsc');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    await run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts',
      `typescript@${version}`], { cwd: prefix });
  }
  return bin;
}

const atLeast = (version: string, major: number, minor: number): boolean => {
  const [a, b] = version.split('.').map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
};

let project: string;
let examples: string[] = [];
const compilers = new Map<string, Promise<string>>();

/** The code blocks of @example tags in the published declarations (JSDoc: lines start with ` * `). */
function extractExamples(pkg: string): string[] {
  const blocks: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.d.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/^\s*\* ```js\n([\s\S]*?)^\s*\* ```$/gm)) {
          blocks.push(m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n'));
        }
      }
    }
  };
  walk(pkg);
  return blocks;
}

beforeAll(async () => {
  for (const v of [...VERSIONS, OWN]) compilers.set(v, tscOf(v));
  project = mkdtempSync(join(tmpdir(), 'wasm-activations-types-'));
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  const pkg = join(project, 'node_modules/wasm-activations');
  for (const f of files) cpSync(join(ROOT, f), join(pkg, f));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const f of readdirSync(FIXTURES)) cpSync(join(FIXTURES, f), join(project, f));
  examples = extractExamples(pkg).map((code, i) => {
    const file = `example-${i}.mjs`;
    writeFileSync(join(project, file), code);
    return file;
  });
  await Promise.all(compilers.values());
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Compiles `files` in the project with `version` under `mode`; resolves to tsc's output (empty when clean). */
async function compile(version: string, mode: Mode, files: string[], extra: Record<string, unknown> = {}, tag = ''): Promise<string> {
  const config = join(project, `tsconfig.${version}.${mode}${tag && `.${tag}`}.json`);
  const compilerOptions = {
    target: 'ES2022', lib: ['ES2022'], types: [], strict: true, skipLibCheck: false, noEmit: true,
    allowJs: true, checkJs: true, ...MODES[mode], ...extra,
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }));
  try {
    const { stdout, stderr } = await run(process.execPath, [await compilers.get(version)!, '-p', config], { cwd: project });
    return stdout + stderr;
  } catch (e) {
    const { stdout, stderr } = e as { stdout: string; stderr: string };
    return `${stdout}${stderr}` || String(e);
  }
}

describe.concurrent('consumers compile, strict, without skipLibCheck, lib ES2022 without DOM', () => {
  for (const version of VERSIONS) {
    for (const mode of Object.keys(MODES) as Mode[]) {
      it(`TypeScript ${version}, moduleResolution ${mode}`, async () => {
        const files = ['expect.d.ts', 'esm.ts', ...(mode === 'bundler' ? [] : ['cjs.cts']), ...(atLeast(version, 5, 7) ? ['ts57.ts'] : []), ...examples];
        expect(examples.length).toBeGreaterThan(ELEMENTWISE.length + STRUCTURED.length);
        expect(await compile(version, mode, files)).toBe('');
      });
    }
  }

  for (const version of [OLDEST, NEWEST]) {
    it(`TypeScript ${version}, nodenext, with lib DOM and @types/node (their Symbol.dispose declarations agree)`, async () => {
      const types = join(project, 'node_modules/@types');
      mkdirSync(types, { recursive: true });
      if (!existsSync(join(types, 'node'))) symlinkSync(join(ROOT, 'node_modules/@types/node'), join(types, 'node'));
      const files = ['expect.d.ts', 'esm.ts', 'cjs.cts'];
      expect(await compile(version, 'nodenext', files, { lib: ['ES2022', 'DOM'], types: ['node'] }, 'dom')).toBe('');
    });
  }

  for (const version of [OWN, NEWEST]) {
    it(`TypeScript ${version}, nodenext, lib esnext.float16: Float16Array in, Float16Array out`, async () => {
      expect(await compile(version, 'nodenext', ['expect.d.ts', 'float16.ts'], { lib: ['ES2022', 'ESNext.Float16'] }, 'float16')).toBe('');
    });
  }

  it('a fixture that breaks a rule fails to compile (the check can fail)', async () => {
    writeFileSync(join(project, 'broken.ts'), "import { threshold } from 'wasm-activations';\nthreshold(new Float32Array(1));\n");
    const out = await compile(OLDEST, 'nodenext', ['broken.ts'], {}, 'broken');
    expect(out).toMatch(/broken\.ts\(2,1\): error TS2554/);
  });
});

describe('at run time', () => {
  it('the compiled fixtures run: ESM and CommonJS, using and await using', async () => {
    expect(await compile(OWN, 'node16', ['expect.d.ts', 'esm.ts', 'cjs.cts', 'ts57.ts'], { noEmit: false, outDir: 'out' }, 'emit')).toBe('');
    for (const file of ['out/esm.js', 'out/cjs.cjs', 'out/ts57.js']) {
      const { stderr } = await run(process.execPath, [file], { cwd: project });
      expect(stderr, file).toBe('');
    }
  });

  it('require() and import give one module instance', async () => {
    writeFileSync(join(project, 'instance.cjs'), `const cjs = require('wasm-activations');
import('wasm-activations').then((esm) => {
  if (cjs.sigmoid !== esm.sigmoid || cjs.WasmBuffer !== esm.WasmBuffer) throw new Error('two instances');
  cjs.setBackend('js');
  console.log(esm.getBackend());
});
`);
    const { stdout, stderr } = await run(process.execPath, ['instance.cjs'], { cwd: project });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('js');
  });

  it('every @example of the declarations runs as pasted', async () => {
    // One process imports each example in turn (each is a module of its own).
    writeFileSync(join(project, 'examples.mjs'), `for (const file of ${JSON.stringify(examples)}) {
  try {
    await import('./' + file);
  } catch (e) {
    process.exitCode = 1;
    console.error(file + ' threw: ' + (e && e.stack || e));
  }
}
`);
    const { stdout, stderr } = await run(process.execPath, ['examples.mjs'], { cwd: project });
    expect(stderr).toBe('');
    expect(stdout).toBe('');
  });
});

describe('documentation on hover', () => {
  /** Quick info (text and JSDoc) of `api.<name>` for every value export, from a consumer file. */
  function hovers(names: readonly string[]): Map<string, { text: string; docs: string; tags: string }> {
    const file = join(project, 'hover.ts');
    const source = `import * as api from 'wasm-activations';\ndeclare const pool: api.Pool;\n${names.map((n) => `${n.includes('.') ? '' : 'api.'}${n};`).join('\n')}\n`;
    writeFileSync(file, source);
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'], types: [], strict: true,
    };
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (f) => (existsSync(f) ? ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8')) : undefined),
      getCurrentDirectory: () => project,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    const result = new Map<string, { text: string; docs: string; tags: string }>();
    for (const n of names) {
      const expr = n.includes('.') ? `${n};` : `api.${n};`;
      const info = service.getQuickInfoAtPosition(file, source.indexOf(`\n${expr}`) + expr.lastIndexOf('.') + 2);
      result.set(n, {
        text: ts.displayPartsToString(info?.displayParts),
        docs: ts.displayPartsToString(info?.documentation),
        tags: (info?.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`).join('\n'),
      });
    }
    return result;
  }

  it('every export has JSDoc; activations show formula, options with defaults, kink convention and an example', async () => {
    const api = (await import('../../dist/index.js')) as Record<string, unknown>;
    const names = Object.keys(api);
    const info = hovers(names);
    const undocumented = names.filter((n) => info.get(n)!.docs.trim().length < 20);
    expect(undocumented).toEqual([]);
    for (const s of ELEMENTWISE) {
      for (const n of [s.name, ...(s.aliases ?? [])]) {
        const { docs, tags } = info.get(n)!;
        expect(docs, n).toContain(s.formula);
        if (n !== s.name) continue;
        for (const p of s.params) expect(docs, `${n}.${p.name}`).toContain(`\`${p.name}\``);
        expect(docs, n).toContain(s.kink ?? 'differentiable everywhere');
        expect(tags, n).toContain(`${n}(x`);
      }
    }
    for (const s of STRUCTURED) {
      const { docs, tags } = info.get(s.name)!;
      expect(docs, s.name).toContain(s.formula);
      for (const o of s.options) expect(docs, `${s.name}.${o.name}`).toContain(`\`${o.name}\` (${o.required ? 'required' : `default ${o.default}`})`);
      expect(tags, s.name).toContain('@example');
    }
    expect(info.get('leakyRelu')!.text).toMatch(/OutputDifferentiable<(api\.)?LeakyReluOptions>/);
    // The pool's functions show the package's documentation too.
    const pooled = hovers(['pool.gelu', 'pool.softmax', 'pool.activate', 'pool.allocate']);
    expect(pooled.get('pool.gelu')!.docs).toContain(ELEMENTWISE.find((s) => s.name === 'gelu')!.formula);
    expect(pooled.get('pool.softmax')!.docs).toContain(STRUCTURED.find((s) => s.name === 'softmax')!.formula);
    expect(pooled.get('pool.activate')!.docs).toContain('as the package\'s activate()');
    expect(pooled.get('pool.allocate')!.docs).toContain('shared memory');
  });
});
