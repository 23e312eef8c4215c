// `npm run size`: what an app carries for the package, bundled the way apps bundle it.
// Bundles `import { sigmoid } from 'wasm-activations'` and `import { createPool } …` with
// esbuild and with vite (rollup), for the browser, and reports the JavaScript loaded at
// start (the entry and its static imports) and the chunks loaded on demand (dynamic
// import(): the wasm builds other than the embedded SIMD one, the pool), each unminified,
// minified and minified + gzip. Writes the table into README.md (section `size`) unless
// --print. Needs the package built (npm run build).
import { mkdtempSync, rmSync, symlinkSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { writeReadmeSection } from './readme-section.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const APPS = {
  'import { sigmoid }': "import { sigmoid } from 'wasm-activations';\nconsole.log(sigmoid(new Float32Array([0, 1, 2])));\n",
  'import { createPool }': "import { createPool } from 'wasm-activations';\nconst pool = await createPool();\nconsole.log(await pool.sigmoid(new Float32Array([0, 1, 2])));\n",
};

/** A scratch app folder whose node_modules/wasm-activations is this package. */
function app(source) {
  const dir = mkdtempSync(join(tmpdir(), 'wa-size-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'wasm-activations'), 'dir');
  writeFileSync(join(dir, 'main.js'), source);
  return dir;
}

/** Chunks as { name, code, entry, imports (static), dynamicImports }. */
async function esbuildChunks(dir, minify) {
  const result = await esbuild({
    entryPoints: [join(dir, 'main.js')], bundle: true, splitting: true, format: 'esm', platform: 'browser',
    target: 'es2022', minify, outdir: join(dir, 'out-esbuild'), write: false, metafile: true, logLevel: 'silent',
  });
  const byPath = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  return Object.entries(result.metafile.outputs).filter(([p]) => p.endsWith('.js')).map(([p, o]) => ({
    name: p,
    code: byPath.get(join(dir, p)) ?? byPath.get(p) ?? '',
    // (esbuild marks dynamically imported modules as entry points too)
    entry: o.entryPoint === join(dir, 'main.js') || o.entryPoint?.endsWith('/main.js') === true,
    imports: o.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    dynamicImports: o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
  }));
}

async function viteChunks(dir, minify) {
  const output = await vite({
    root: dir, logLevel: 'silent', configFile: false,
    build: { write: false, minify: minify ? 'esbuild' : false, target: 'es2022', rollupOptions: { input: join(dir, 'main.js') } },
  });
  const chunks = (Array.isArray(output) ? output[0] : output).output.filter((c) => c.type === 'chunk');
  return chunks.map((c) => ({ name: c.fileName, code: c.code, entry: c.isEntry, imports: c.imports, dynamicImports: c.dynamicImports }));
}

/** Bytes at start (the entry and what it imports statically) and on demand (everything else). */
function split(chunks) {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name) || !byName.has(name)) return;
    initial.add(name);
    for (const i of byName.get(name).imports) visit(i);
  };
  for (const c of chunks.filter((c) => c.entry)) visit(c.name);
  const size = (list) => ({
    bytes: list.reduce((s, c) => s + Buffer.byteLength(c.code), 0),
    gzip: list.reduce((s, c) => s + gzipSync(c.code, { level: 9 }).length, 0),
    chunks: list.length,
  });
  return { initial: size(chunks.filter((c) => initial.has(c.name))), lazy: size(chunks.filter((c) => !initial.has(c.name))) };
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const rows = [];
const apps = [];
try {
  for (const [label, source] of Object.entries(APPS)) {
    const dir = app(source);
    apps.push(dir);
    for (const [tool, bundle] of [['esbuild', esbuildChunks], ['vite', viteChunks]]) {
      const raw = split(await bundle(dir, false));
      const min = split(await bundle(dir, true));
      rows.push(`| \`${label}\` | ${tool} | ${kB(raw.initial.bytes)} | ${kB(min.initial.bytes)} | **${kB(min.initial.gzip)}** | ` +
        `${min.lazy.chunks} | ${kB(min.lazy.bytes)} | ${kB(min.lazy.gzip)} |`);
    }
  }
} finally {
  for (const dir of apps) rmSync(dir, { recursive: true, force: true });
}

const version = (p) => JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8')).version;
const table = [
  `Measured by \`npm run size\` (esbuild ${version('esbuild')}, vite ${version('vite')}; browser target, ES modules, code splitting on). ` +
    '"At start" is what the page loads before the first call: the entry chunk and its static imports, including the embedded SIMD build. ' +
    '"On demand" are the chunks only `init()` or `createPool()` import, when they need them: the relaxed-SIMD build where the engine has relaxed SIMD, ' +
    'the scalar build where it has no SIMD, the pool and its threads build (gzip: each chunk compressed on its own).',
  '',
  '| app | bundler | at start | minified | minified + gzip | on-demand chunks | minified | gzip |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(table);
if (!process.argv.includes('--print')) writeReadmeSection('size', table);
