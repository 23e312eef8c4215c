// Package hygiene, on the tarball npm pack makes: only what users need is packed; the
// public types mention no WebAssembly types and compile without lib "dom"; CommonJS
// code can require() it (dist/index.cjs, Node's require(esm)); publint and
// arethetypeswrong pass. (test/types covers the types across TypeScript versions.)

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT } from './support/paths.js';
import { checkSeries } from './support/verify.js';

const { app, pkg, tarball, pack } = inject('e2e');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** What a user needs: the compiled modules, their types (.d.cts: for CommonJS), the manifest, README and licence. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/.+\.js$/, /^dist\/.+\.d\.ts$/, /^dist\/index\.cjs$/, /^dist\/.+\.d\.cts$/];

describe('npm pack', () => {
  it('contains only package.json, README, LICENSE, dist/**/*.{js,d.ts,d.cts} and dist/index.cjs', () => {
    console.log(`${tarball}: ${pack.size} B packed, ${pack.unpackedSize} B unpacked, ${pack.files.length} files:\n  ${pack.files.join('\n  ')}`);
    expect(pack.files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(pack.files).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.cjs', 'dist/index.d.cts']));
    // the wasm binaries are inlined: no .wasm file to copy or fetch
    expect(pack.files.filter((f) => f.endsWith('.wasm'))).toEqual([]);
    expect(pack.size).toBeLessThan(512 * 1024);
  });

  it('has no WebAssembly types in any declaration file', () => {
    const offenders = pack.files
      .filter((f) => /\.d\.c?ts$/.test(f))
      .filter((f) => /\bWebAssembly\.[A-Z]/.test(readFileSync(join(pkg, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('types for consumers without lib "dom"', () => {
  const consumer = `import { sigmoid, allocate, activate, activationInfo, init, getBackend, setBackend,
  type BackendName, type ActivationInfo } from 'wasm-activations';
const x = new Float32Array([1, 2]);
const y: Float32Array = sigmoid(x, { out: new Float32Array(2) });
const z: Float64Array = sigmoid.backward(new Float64Array(2), new Float64Array(2));
const b = allocate(4);
b.array.set(y);
b.dispose();
const info: readonly ActivationInfo[] = activationInfo;
const name: string = info[0]!.name;
const backend: BackendName = getBackend();
setBackend('js');
activate(name, x);
export const results = [z, backend, init()];
`
  const cases: [string, string, Record<string, string>][] = [
    ['ESM, module nodenext', 'consumer.mts', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['CommonJS, module nodenext', 'consumer.cts', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['CommonJS, module node16', 'consumer.cts', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler resolution', 'consumer.ts', { module: 'esnext', moduleResolution: 'bundler' }],
  ];
  for (const [label, file, options] of cases) {
    it(`type-checks: ${label}, lib ES2022 only, skipLibCheck false`, () => {
      const dir = join(app, 'types', file.replace('.', '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), consumer);
      const compilerOptions = { target: 'ES2022', lib: ['ES2022'], types: [], strict: true, skipLibCheck: false, noEmit: true, ...options };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [file] }));
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});

describe('CommonJS', () => {
  it('require() gives the whole API, on the SIMD backend, without warnings', () => {
    const file = join(app, 'consumer.cjs');
    writeFileSync(file, `const api = require('wasm-activations');
const y = api.sigmoid(new Float32Array([0, 2]));
const buffer = api.allocate(3);
buffer.array.set([-1, 0, 1]);
api.relu(buffer.array, { out: buffer.array });
console.log(JSON.stringify({ backend: api.getBackend(), y: Array.from(y), relu: Array.from(buffer.array),
  names: api.activationNames, info: api.activationInfo.length }));
`);
    const r = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.backend).toBe('wasm-simd');
    expect(checkSeries('sigmoid', 'forward', [0, 2], out.y)).toEqual([]);
    expect(out.relu).toEqual([0, 0, 1]);
    expect(out.names).toContain('sigmoid');
    expect(out.info).toBeGreaterThan(0);
  });
});

describe('linters', () => {
  it('publint (strict) finds nothing', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    const { messages } = await publint({ pkgDir: pkg, level: 'suggestion', strict: true, pack: false });
    expect(messages.map((m) => formatMessage(m, manifest) ?? m.code)).toEqual([]);
  });

  it('arethetypeswrong: nothing on the main entry; wasm-activations/worker is ESM only (.attw.json ignores that, and node10)', () => {
    // node10 (TypeScript's pre-exports "node" resolution) cannot see subpath exports such as
    // wasm-activations/worker; the package needs Node >= 20.19 and node16/bundler resolution.
    expect(JSON.parse(readFileSync(join(ROOT, '.attw.json'), 'utf8'))).toEqual({ ignoreRules: ['cjs-resolves-to-esm'], profile: 'node16' });
    const r = spawnSync(bin('attw'), [tarball, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // require('wasm-activations') resolves to dist/index.cjs, typed by the .d.cts copies:
    // CommonJS for TypeScript under node16 and nodenext alike. The worker entry is a module
    // Web Worker script, ESM only (require() of it resolves to ESM, which the rule ignores).
    const found = Object.values(JSON.parse(r.stdout).problems ?? {}).flat() as { kind: string; entrypoint: string; resolutionKind: string }[];
    expect(found.filter((p) => p.entrypoint === '.')).toEqual([]);
    expect(found.filter((p) => p.kind !== 'CJSResolvesToESM' && p.resolutionKind !== 'node10')).toEqual([]);
    console.log(`attw findings: ${[...new Set(found.map((p) => `${p.kind} (${p.entrypoint}, ${p.resolutionKind})`))].join(', ') || 'none'}`);
  });
});
