// The bench's own packages (bench/package.json: the peers and benchmark.js) are not part of
// the repository's npm ci; the first `npm run bench` installs them from bench/package-lock.json.
// onnxruntime-node's install script would download CUDA binaries from outside the npm
// registry and fail offline; its CPU binaries ship inside the package, so the script is
// skipped (ONNXRUNTIME_NODE_INSTALL=skip).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('.', import.meta.url));

const json = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The bench's direct dependencies that are missing or not at their locked version. */
export function staleDependencies() {
  const lock = json(`${BENCH}package-lock.json`).packages;
  return Object.keys(json(`${BENCH}package.json`).dependencies).filter((name) => {
    const file = `${BENCH}node_modules/${name}/package.json`;
    return !existsSync(file) || json(file).version !== lock[`node_modules/${name}`]?.version;
  });
}

/** The installed version of a bench package, or 'not installed'. */
export function benchPackageVersion(name) {
  try {
    return json(`${BENCH}node_modules/${name}/package.json`).version;
  } catch {
    return 'not installed';
  }
}

/** Installs bench/node_modules with npm ci when a locked package is missing. */
export function ensureBenchDependencies() {
  const stale = staleDependencies();
  if (!stale.length) return;
  console.error(`installing the bench's packages into bench/node_modules (npm ci; missing: ${stale.join(', ')}) …`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: BENCH,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  const still = staleDependencies();
  if (still.length) throw new Error(`bench packages still missing after npm ci in bench/: ${still.join(', ')}`);
}
