// The machine and software a run measured: CPU, cores, memory, Node/V8, and the exact
// versions of this package and of every peer (read from their installed package.json in
// bench/node_modules, the bench's own install).

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { benchPackageVersion } from './deps.mjs';

const ROOT = new URL('../', import.meta.url);

export const PEER_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  'onnxruntime-web',
  'onnxruntime-node',
  'onnxruntime-common',
  'benchmark',
];

function ownVersion() {
  return JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')).version;
}

function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine() {
  return {
    cpu: cpuModel(),
    logicalCores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    loadStart: os.loadavg()[0],
  };
}

export function versions() {
  const v = { 'wasm-activations': `${ownVersion()} (commit ${gitCommit()})` };
  for (const name of PEER_PACKAGES) v[name] = benchPackageVersion(name);
  return v;
}
