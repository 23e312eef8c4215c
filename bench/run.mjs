// npm run bench: throughput of every exported activation (bench/cases.mjs) against a naive
// JS loop, the copy ceiling and the peers, on one or more runtimes (Node 20/22/24/26,
// Chromium, Firefox). `npm run bench -- --help` lists every flag, case and implementation.
//
// Each runtime writes results-<runtime>.{json,md,svg} into the output folder, and the folder's
// results.md (the index with the goals of bench/goals.mjs) is rebuilt from every runtime
// found there. A run whose only flag is --runtime writes into bench/ (the committed results);
// any other run writes into bench/out/ (or --out DIR), so partial runs never replace them.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, availableCases } from './cases.mjs';
import { defaultRounds, runCases } from './core.mjs';
import { OUR_IMPLS } from './impls.mjs';
import { TFJS_IMPLS } from './peers/tfjs.mjs';
import { ORT_IMPLS } from './peers/ort.mjs';
import { RUNTIMES, expandRuntimes, isNode, thisNode } from './runtimes.mjs';
import { methodText, sizeTables, writeIndex, writeRuntime } from './report.mjs';
import { sizeLabel } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(import.meta.url);
const DEFAULT_SIZES = [2 ** 12, 2 ** 16, 2 ** 20, 2 ** 24];
const QUICK_CASES = ['relu', 'sigmoid', 'tanh', 'gelu', 'sigmoid.backwardFromOutput'];
const ALL_IMPLS = [...OUR_IMPLS, ...TFJS_IMPLS, ...ORT_IMPLS];

const FLAGS = [
  ['--runtime LIST', `where to run, comma-separated: ${Object.keys(RUNTIMES).join(', ')}; or all, node, browsers`, `this Node (${thisNode()})`],
  ['--quick', `sizes 4Ki,64Ki; 2 rounds; cases ${QUICK_CASES.join(', ')}`, 'off'],
  ['--sizes LIST', 'element counts, e.g. 4096,64Ki,1Mi,16Mi', '4Ki,64Ki,1Mi,16Mi'],
  ['--cases LIST', 'case ids (below)', 'every case the package exports'],
  ['--impls LIST', 'implementation ids (below)', 'all that run on the runtime'],
  ['--rounds N', 'interleaved rounds per (size, case)', '4, and 3 at 16 Mi'],
  ['--out DIR', 'folder for results-<runtime>.{json,md,svg} and results.md', 'bench/ when --runtime is the only flag, else bench/out/'],
  ['--help, -h', 'this text', ''],
];

/** The help text: flags, runtimes, case ids and implementation ids. */
async function help() {
  const W = await import('../dist/index.js').catch(() => undefined);
  const exported = W ? new Set(availableCases(W).map((c) => c.id)) : undefined;
  const pad = (rows) => {
    const w = Math.max(...rows.map((r) => r[0].length));
    return rows.map(([a, ...rest]) => `  ${a.padEnd(w)}  ${rest.filter(Boolean).join('  ')}`).join('\n');
  };
  return [
    'usage: npm run bench -- [flags]      (or: node bench/run.mjs [flags])',
    '',
    'flags:',
    pad(FLAGS.map(([f, what, def]) => [f, what + (def ? ` (default: ${def})` : '')])),
    '',
    'runtimes:',
    pad(Object.entries(RUNTIMES).map(([id, r]) => [id, r.label])),
    '',
    `cases${exported ? '' : ' (build the package to see which it exports)'}:`,
    pad(CASES.map((c) => [c.id, `${c.mode}${Object.keys(c.opts).length ? ' ' + JSON.stringify(c.opts) : ''}`
      + (exported && !exported.has(c.id) ? '  (not exported by the package yet)' : '')])),
    '',
    'implementations:',
    pad(ALL_IMPLS.map((im) => [im.id, `${im.label}${im.where ? ` (${im.where} only)` : ''}`])),
    '',
    'Examples: npm run bench -- --runtime node24,chromium --quick',
    '          npm run bench -- --runtime all              (every runtime in turn; long)',
    'The peers (tfjs, onnxruntime, benchmark.js) live in bench/package.json and are installed on first use.',
  ].join('\n');
}

/** An error in the command line: reported with a pointer to --help, without a stack. */
function usage(message) {
  return Object.assign(new Error(`${message}\n(npm run bench -- --help lists flags, cases and implementations)`), { usage: true });
}

function parseSize(s) {
  const m = /^(\d+)\s*(Ki|Mi)?$/i.exec(s.trim());
  if (!m) throw usage(`bad size ${JSON.stringify(s)} (use e.g. 4096, 64Ki, 1Mi)`);
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === 'ki' ? 2 ** 10 : unit === 'mi' ? 2 ** 20 : 1);
}

export function parseArgs(argv) {
  const o = { forward: [] };
  let onlyRuntime = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw usage(`${a} needs a value`);
      const v = argv[++i];
      if (a !== '--runtime' && a !== '--out') o.forward.push(a, v);
      return v;
    };
    if (a !== '--runtime' && a !== '--help' && a !== '-h') onlyRuntime = false;
    if (a === '--quick') { o.quick = true; o.forward.push(a); }
    else if (a === '--sizes') o.sizes = value().split(',').map(parseSize);
    else if (a === '--cases') o.cases = value().split(',');
    else if (a === '--impls') o.impls = value().split(',');
    else if (a === '--rounds') o.rounds = Number(value());
    else if (a === '--out') o.out = value();
    else if (a === '--runtime') o.runtime = value();
    else if (a === '--help' || a === '-h') o.help = true;
    else throw usage(`unknown argument ${a}`);
  }
  if (o.quick) {
    o.sizes ??= [2 ** 12, 2 ** 16];
    o.rounds ??= 2;
    o.cases ??= QUICK_CASES;
  }
  if (o.rounds !== undefined && !(Number.isInteger(o.rounds) && o.rounds > 0)) throw usage('--rounds must be a positive integer');
  const unknownCases = o.cases?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknownCases.length) throw usage(`unknown case(s) ${unknownCases.join(', ')}`);
  const unknownImpls = o.impls?.filter((id) => !ALL_IMPLS.some((im) => im.id === id)) ?? [];
  if (unknownImpls.length) throw usage(`unknown implementation(s) ${unknownImpls.join(', ')}`);
  try {
    o.runtimes = expandRuntimes(o.runtime ?? thisNode());
  } catch (e) {
    throw usage(e.message);
  }
  o.sizes = [...new Set(o.sizes ?? DEFAULT_SIZES)].sort((a, b) => a - b);
  o.out = o.out ? resolve(o.out) : resolve(ROOT, onlyRuntime ? 'bench' : 'bench/out');
  o.roundsBySize = Object.fromEntries(o.sizes.map((n) => [n, o.rounds ?? defaultRounds(n)]));
  return o;
}

async function loadLibrary() {
  try {
    return await import('../dist/index.js');
  } catch (e) {
    throw new Error(`cannot load dist/index.js (run \`npm run build\` first): ${e.message}`);
  }
}

/** Loads each Node peer; a peer that fails is reported unavailable and its columns dropped. */
async function loadNodePeers(wanted) {
  const { loadTfjs } = await import('./peers/tfjs.mjs');
  const { loadOrtNode, loadOrtWeb } = await import('./peers/ort.mjs');
  const loaders = { tfjs: loadTfjs, ortWeb: loadOrtWeb, ortNode: loadOrtNode };
  const loaded = {};
  const status = {};
  for (const [id, load] of Object.entries(loaders)) {
    if (!wanted.has(id)) continue;
    try {
      loaded[id] = await load();
      status[id] = { available: true, notes: loaded[id].notes };
    } catch (e) {
      status[id] = { available: false, error: String(e?.message ?? e).split('\n')[0] };
      console.error(`peer ${id} unavailable: ${status[id].error}`);
    }
  }
  return { loaded, status };
}

/** The implementations asked for that run on `runtime`. */
export function implsFor(runtime, o) {
  const where = isNode(runtime) ? 'node' : 'browser';
  return ALL_IMPLS.filter((im) => (!o.impls || o.impls.includes(im.id)) && (!im.where || im.where === where));
}

/** Prints one runtime's tables to the console. */
function printTables(data) {
  for (const n of data.sizes) {
    const t = sizeTables(data, n, false);
    console.log(`\n${data.runtimeLabel}, n = ${sizeLabel(n)}: Melem/s (median of ${data.rounds[n]} rounds; † timed directly)\n${t.rates}\n\nratios (ours ÷ other)\n${t.ratios}`);
    for (const e of t.errors) console.log(`error: ${e}`);
  }
}

/** Runs the bench in this Node process; resolves to the runtime's data. */
async function benchHere(runtime, o) {
  const started = performance.now();
  const { ensureBenchDependencies } = await import('./deps.mjs');
  ensureBenchDependencies();
  const { benchmarkjsSampler } = await import('./benchmarkjs.mjs');
  const { machine, versions } = await import('./machine.mjs');
  const W = await loadLibrary();
  const autoBackend = await W.init();
  const cases = availableCases(W, o.cases);
  const selected = implsFor(runtime, o);
  const { loaded, status } = await loadNodePeers(new Set(selected.filter((im) => im.peer).map((im) => im.peer)));
  const impls = selected.filter((im) => !im.peer || loaded[im.peer]);
  const m = machine();
  const data = {
    runtime,
    runtimeLabel: `Node ${process.versions.node}`,
    engine: `V8 ${process.versions.v8}`,
    command: commandLine(runtime, o),
    machine: m,
    versions: versions(),
    autoBackend,
    peers: status,
    method: methodText(o.rounds, o.roundsBySize, 'benchmark.js'),
    sizes: o.sizes,
    rounds: o.roundsBySize,
    impls: impls.map(({ id, label }) => ({ id, label })),
    cases: cases.map(({ id, fn, opts, mode }) => ({ id, fn, opts, mode })),
    skippedCases: CASES.filter((c) => (!o.cases || o.cases.includes(c.id)) && !cases.includes(c)).map((c) => c.id),
  };
  announce(data, status);
  data.results = await runCases({
    cases, impls, ourImpls: OUR_IMPLS, sizes: o.sizes, rounds: o.roundsBySize,
    ctx: { W, simdBackend: simdBackend(autoBackend), ...loaded }, sampler: benchmarkjsSampler,
    report: (line) => console.error(line), label: `${runtime} `,
  });
  data.durationSec = (performance.now() - started) / 1e3;
  data.loadEnd = os.loadavg()[0];
  return data;
}

/** The SIMD columns measure the SIMD build init() chose (plain or relaxed), else plain SIMD. */
export function simdBackend(autoBackend) {
  return /simd/.test(autoBackend) ? autoBackend : 'wasm-simd';
}

function announce(data, status) {
  console.log(`\n${data.runtimeLabel} (${data.engine}): ${data.cases.length} cases × ${data.impls.length} implementations × sizes ${data.sizes.map(sizeLabel).join(', ')}`);
  if (data.skippedCases.length) console.log(`not exported by the package yet (skipped): ${data.skippedCases.join(', ')}`);
  console.log(`backend chosen by init(): ${data.autoBackend}; peers: ${Object.entries(status).map(([k, v]) => `${k} ${v.available ? 'ok' : 'unavailable'}`).join(', ') || 'none'}`);
}

function commandLine(runtime, o) {
  return `npm run bench -- --runtime ${runtime}${o.forward.length ? ' ' + o.forward.join(' ') : ''}`;
}

/** Runs one runtime: here, in another Node binary, or in a browser. */
async function runRuntime(runtime, o) {
  if (isNode(runtime) && runtime !== thisNode()) {
    const { nodeBinary } = await import('../scripts/node-versions.mjs');
    const bin = nodeBinary(runtime);
    const args = [SCRIPT, '--runtime', runtime, '--out', o.out, ...o.forward];
    console.log(`\n--- ${runtime}: ${bin} ${args.map((a) => relative(ROOT, a) || a).join(' ')}`);
    const r = spawnSync(bin, args, { stdio: 'inherit', env: { ...process.env, BENCH_CHILD: '1' } });
    if (r.status !== 0) throw new Error(`${runtime} bench exited with status ${r.status ?? r.signal}`);
    return JSON.parse(readFileSync(`${o.out}/results-${runtime}.json`, 'utf8'));
  }
  let data;
  if (isNode(runtime)) {
    data = await benchHere(runtime, o);
  } else {
    const { benchInBrowser } = await import('./browser/run.mjs');
    data = await benchInBrowser(runtime, o, { implIds: implsFor(runtime, o).map((im) => im.id), announce, command: commandLine(runtime, o) });
  }
  mkdirSync(o.out, { recursive: true });
  writeRuntime(o.out, data);
  printTables(data);
  console.log(`\nwrote ${relative(ROOT, o.out) || '.'}/results-${runtime}.{md,svg,json} (${data.durationSec.toFixed(0)} s)`);
  return data;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log(await help());
    return;
  }
  const failed = [];
  for (const [k, runtime] of o.runtimes.entries()) {
    if (o.runtimes.length > 1) console.log(`\n=== runtime ${k + 1} of ${o.runtimes.length}: ${runtime} (${RUNTIMES[runtime]?.label ?? 'this Node'})`);
    try {
      await runRuntime(runtime, o);
    } catch (e) {
      if (o.runtimes.length === 1) throw e;
      console.error(`${runtime}: ${e?.stack ?? e}`);
      failed.push(runtime);
    }
  }
  if (!process.env.BENCH_CHILD) {
    const index = writeIndex(o.out);
    console.log(`\nwrote ${relative(ROOT, index)} (${o.runtimes.join(', ')}; goals G1–G12 in it)`);
  }
  if (failed.length) throw new Error(`runtimes that failed: ${failed.join(', ')}`);
}

main().then(
  // Peer runtimes (ORT threads, tfjs) may keep the event loop alive.
  () => process.exit(0),
  (e) => {
    console.error(e?.usage ? e.message : e?.stack ?? e);
    process.exit(1);
  },
);

