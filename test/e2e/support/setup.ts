// Global setup of the end-to-end tests: packs the package as npm would publish it
// (dist/ must be built: npm run build) and installs the tarball into a scratch app
// folder, <work>/app/node_modules/wasm-activations, where the fixtures are built.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, type E2EContext } from './paths.js';

export default function setup(project: TestProject): () => void {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is not built: run npm run build first');
  const work = mkdtempSync(join(tmpdir(), 'wasm-activations-e2e-'));
  // --ignore-scripts: dist/ is built already (prepare would rebuild it).
  const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(json) as [{ filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }];
  const tarball = join(work, info.filename);
  const app = join(work, 'app');
  const pkg = join(app, 'node_modules', 'wasm-activations');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
  const context: E2EContext = {
    work, app, pkg, tarball,
    pack: { size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path) },
  };
  project.provide('e2e', context);
  return () => {
    if (!process.env.KEEP_E2E) rmSync(work, { recursive: true, force: true });
  };
}
