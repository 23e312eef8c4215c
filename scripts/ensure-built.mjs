// Builds the package (npm run build) unless dist/ is newer than every source it comes
// from: `npm start`, `npm run soak` and the bench run it first, so a fresh clone needs
// no separate build step and a built tree does not wait for one.

import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = [
  'src', 'assembly', 'scripts/build-wasm.mjs', 'scripts/kernel-table.mjs', 'scripts/wasm-passes.mjs', 'scripts/api.ts',
  'scripts/build-js-loops.ts', 'scripts/cjs-entry.mjs', 'asconfig.json', 'tsconfig.json', 'package.json',
];

/** The newest modification time under `path` (generated files excluded: the build writes them). */
function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const s = statSync(full);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(full)
    .filter((name) => name !== 'generated')
    .reduce((t, name) => Math.max(t, newest(join(path, name))), 0);
}

const stamp = join(root, 'dist', 'index.js');
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built < Math.max(...SOURCES.map(newest))) {
  console.error('building the package (npm run build)…');
  execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
}
