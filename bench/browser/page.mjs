// The bench page: runs bench/core.mjs in the browser, with the peers that run there
// (tfjs-wasm and tfjs-cpu, onnxruntime-web), and reports to the server of bench/browser/run.mjs:
// GET /api/config, then POST /api/start, /api/progress (one line per size and case),
// /api/result, or /api/error. Bundled by esbuild into page.js; the package itself is
// loaded unbundled through the page's import map.

import * as W from 'wasm-activations';
import { CASES, availableCases } from '../cases.mjs';
import { runCases } from '../core.mjs';
import { OUR_IMPLS } from '../impls.mjs';
import { simpleSampler } from '../sampler.mjs';
import { TFJS_IMPLS, loadTfjs } from '../peers/tfjs.mjs';
import { ORT_IMPLS, loadOrtWeb } from '../peers/ort.mjs';

const log = document.getElementById('log');

async function post(path, body) {
  await fetch(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function fail(e) {
  const text = String(e?.stack ?? e?.message ?? e);
  log.textContent += `\nerror: ${text}`;
  return post('/api/error', text);
}
window.addEventListener('error', (e) => fail(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));

/** Peers as the Node bench loads them, with the URLs of their .wasm files on this server. */
const LOADERS = {
  tfjs: () => loadTfjs({ wasmPath: '/modules/@tensorflow/tfjs-backend-wasm/dist/' }),
  ortWeb: () => loadOrtWeb({ wasmPaths: '/modules/onnxruntime-web/dist/' }),
};

async function main() {
  const config = await (await fetch('/api/config')).json();
  // Load the scalar build too (a browser loads a non-default build only when asked), then
  // choose the best one, so every column has its backend.
  await W.init('wasm');
  const autoBackend = await W.init('auto');
  const cases = availableCases(W, config.cases);
  const selected = [...OUR_IMPLS, ...TFJS_IMPLS, ...ORT_IMPLS].filter((im) => config.impls.includes(im.id));
  const loaded = {};
  const peers = {};
  for (const id of new Set(selected.filter((im) => im.peer).map((im) => im.peer))) {
    try {
      loaded[id] = await LOADERS[id]();
      peers[id] = { available: true, notes: loaded[id].notes };
    } catch (e) {
      peers[id] = { available: false, error: String(e?.message ?? e).split('\n')[0] };
    }
  }
  const impls = selected.filter((im) => !im.peer || loaded[im.peer]);
  await post('/api/start', {
    autoBackend,
    peers,
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    impls: impls.map(({ id, label }) => ({ id, label })),
    cases: cases.map(({ id, fn, opts, mode }) => ({ id, fn, opts, mode })),
    skippedCases: CASES.filter((c) => (!config.cases || config.cases.includes(c.id)) && !cases.includes(c)).map((c) => c.id),
  });
  const simd = /simd/.test(autoBackend) ? autoBackend : 'wasm-simd';
  const results = await runCases({
    cases, impls, ourImpls: OUR_IMPLS, sizes: config.sizes, rounds: config.rounds,
    ctx: { W, simdBackend: simd, ...loaded }, sampler: simpleSampler,
    report: async (line) => {
      log.textContent += `\n${line}`;
      await post('/api/progress', line);
    },
    label: `${config.runtime} `,
  });
  await post('/api/result', { results });
  log.textContent += '\ndone';
}

main().catch(fail);
