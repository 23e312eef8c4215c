// Builds the fixture app (test/fixtures/app) and the worker example (examples/worker)
// against the packed package, the way users build them: with vite, esbuild and webpack,
// each with no plugin, no copy step and no path setting.

import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** Copies a source folder of the repository into the scratch app (next to its node_modules). */
export function stage(app: string, from: string, name: string): string {
  const dir = join(app, name);
  if (!existsSync(dir)) cpSync(join(ROOT, from), dir, { recursive: true });
  return dir;
}

export async function viteBuild(root: string, outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** esbuild with the given entry points (a list, or output names → inputs, e.g. the pool's worker as a second entry). */
export async function esbuildBuild(root: string, outDir: string, entries: string[] | Record<string, string> = ['main.js']): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root, entryPoints: entries, outdir: outDir, bundle: true, format: 'esm',
    platform: 'browser', minify: true, logLevel: 'warning',
  });
  cpSync(join(root, 'index.html'), join(outDir, 'index.html'));
}

export async function webpackBuild(root: string, outDir: string): Promise<void> {
  const { default: webpack } = await import('webpack');
  const compiler = webpack({ mode: 'production', context: root, entry: './main.js', output: { path: outDir, filename: 'main.js' } });
  const stats = await new Promise<import('webpack').Stats>((ok, fail) =>
    compiler.run((err, s) => (err ? fail(err) : s ? ok(s) : fail(new Error('no stats')))),
  );
  await new Promise<void>((ok) => compiler.close(() => ok()));
  if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
  cpSync(join(root, 'index.html'), join(outDir, 'index.html'));
}

/** Files of a build output with their sizes (to assert that no .wasm file was emitted). */
export function outputFiles(dir: string): { path: string; size: number }[] {
  const files: { path: string; size: number }[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else files.push({ path: `${rel}${name}`, size: statSync(full).size });
    }
  };
  mkdirSync(dir, { recursive: true });
  walk(dir, '');
  return files;
}
