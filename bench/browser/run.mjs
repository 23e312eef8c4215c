// Runs the bench in a browser (Chromium or Firefox ESR, Debian's, headless): bundles the
// bench page (page.mjs) with esbuild, serves it cross-origin isolated (COOP/COEP, so
// performance.now() is precise and SharedArrayBuffer exists) together with dist/ and the
// peers' files from bench/node_modules, opens it through scripts/browsers.mjs, and collects
// what the page posts back. Resolves to the runtime's data, as a Node run gives it.

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserVersion, openBrowser } from '../../scripts/browsers.mjs';
import { createStaticServer, listen } from '../../scripts/serve.mjs';
import { ensureBenchDependencies } from '../deps.mjs';
import { machine, versions } from '../machine.mjs';
import { methodText } from '../report.mjs';
import { RUNTIMES } from '../runtimes.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A page that posts nothing for this long has hung. */
const STALL_MS = 10 * 60 * 1000;

const ISOLATED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

async function bundlePage(dir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(HERE, 'page.mjs')],
    outfile: join(dir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // The package is loaded as users load it (import map → /dist/index.js); onnxruntime-node
    // is Node's peer, never reached in a page.
    external: ['wasm-activations', 'onnxruntime-node'],
    logLevel: 'error',
  });
  copyFileSync(join(HERE, 'page.html'), join(dir, 'index.html'));
}

function body(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { text += d; });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/**
 * Measures on browser runtime `runtime` with options `o` (bench/run.mjs's) and implementation
 * ids `implIds`; `announce(data, peers)` prints the header once the page has started.
 */
export async function benchInBrowser(runtime, o, { implIds, announce, command }) {
  const started = performance.now();
  ensureBenchDependencies();
  const name = RUNTIMES[runtime].browser;
  const version = browserVersion(name);
  const dir = mkdtempSync(join(tmpdir(), 'bench-page-'));
  await bundlePage(dir);
  const files = createStaticServer([
    { prefix: '/', dir, headers: ISOLATED },
    { prefix: '/dist/', dir: join(ROOT, 'dist'), headers: ISOLATED },
    { prefix: '/modules/', dir: join(ROOT, 'bench', 'node_modules'), headers: ISOLATED },
  ]);
  const config = { runtime, sizes: o.sizes, rounds: o.roundsBySize, cases: o.cases, impls: implIds };
  let settle;
  const outcome = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  let lastHeard = Date.now();
  let start;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/api/')) return files.emit('request', req, res);
    lastHeard = Date.now();
    const text = req.method === 'POST' ? await body(req) : '';
    res.writeHead(200, { 'Content-Type': 'application/json', ...ISOLATED });
    if (path === '/api/config') return res.end(JSON.stringify(config));
    res.end('{}');
    if (path === '/api/start') {
      start = JSON.parse(text);
      announce({ runtimeLabel: version.replace(/ built on .*/, ''), engine: start.userAgent, autoBackend: start.autoBackend, cases: start.cases, impls: start.impls, sizes: o.sizes, skippedCases: start.skippedCases }, start.peers);
    } else if (path === '/api/progress') console.error(text);
    else if (path === '/api/result') settle.resolve(JSON.parse(text).results);
    else if (path === '/api/error') settle.reject(new Error(`the bench page failed in ${version}: ${text}`));
  });
  const url = await listen(server);
  const m = machine();
  let browser;
  const watchdog = setInterval(() => {
    if (Date.now() - lastHeard > STALL_MS) settle.reject(new Error(`the bench page in ${version} posted nothing for ${STALL_MS / 60000} minutes`));
  }, 5000);
  try {
    browser = await openBrowser(name, url);
    browser.exited.then((info) => settle.reject(new Error(`${version} exited during the bench (code ${info.code}, signal ${info.signal}): ${info.stderr.slice(-800)}`)));
    const results = await outcome;
    return {
      runtime,
      runtimeLabel: version.replace(/ built on .*/, ''),
      engine: start.userAgent.match(/(Chrome|Firefox|Version)\/[\d.]+/)?.[0] ?? 'browser',
      userAgent: start.userAgent,
      crossOriginIsolated: start.crossOriginIsolated,
      command,
      machine: m,
      versions: versions(),
      autoBackend: start.autoBackend,
      peers: start.peers,
      method: methodText(o.rounds, o.roundsBySize, 'a benchmark.js-like sampler (bench/sampler.mjs)'),
      sizes: o.sizes,
      rounds: o.roundsBySize,
      impls: start.impls,
      cases: start.cases,
      skippedCases: start.skippedCases,
      results,
      durationSec: (performance.now() - started) / 1e3,
      loadEnd: os.loadavg()[0],
    };
  } finally {
    clearInterval(watchdog);
    await browser?.close();
    server.close();
    server.closeAllConnections?.();
    rmSync(dir, { recursive: true, force: true });
  }
}
