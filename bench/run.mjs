// npm run bench: throughput of every exported activation (bench/cases.mjs) against a
// naive JS loop, the copy ceiling and the peers, written to results.{md,svg,json}.
//
//   node bench/run.mjs [--quick] [--sizes 4Ki,64Ki,1Mi,16Mi] [--cases relu,sigmoid,…]
//                      [--impls naive,simd,…] [--rounds N] [--out DIR]
//
// A run with no flags writes bench/results.*; any other run writes bench/out/results.*
// (or --out DIR) so that partial runs never replace the committed full results.

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { CASES, availableCases } from './cases.mjs';
import { OUR_IMPLS } from './impls.mjs';
import { CaseIO, makeSources } from './inputs.mjs';
import { machine, versions } from './machine.mjs';
import { TIMING, measureCase } from './measure.mjs';
import { TFJS_IMPLS, loadTfjs } from './peers/tfjs.mjs';
import { ORT_IMPLS, loadOrtNode, loadOrtWeb } from './peers/ort.mjs';
import { fmt, markdown, sizeLabel, sizeTables } from './report.mjs';
import { chart } from './svg.mjs';

const USAGE = `usage: node bench/run.mjs [--quick] [--sizes 4Ki,64Ki,1Mi,16Mi] [--cases ids] [--impls ids] [--rounds N] [--out DIR]`;
const DEFAULT_SIZES = [2 ** 12, 2 ** 16, 2 ** 20, 2 ** 24];
const QUICK_CASES = ['relu', 'sigmoid', 'tanh', 'gelu', 'sigmoid.backwardFromOutput'];
/** Rounds per size unless --rounds: 16 Mi calls are long, so fewer rounds there. */
const defaultRounds = (n) => (n >= 2 ** 24 ? 3 : 4);

/** An error in the command line: reported without a stack. */
function usage(message) {
  return Object.assign(new Error(`${message}\n${USAGE}`), { usage: true });
}

function parseSize(s) {
  const m = /^(\d+)\s*(Ki|Mi)?$/i.exec(s.trim());
  if (!m) throw usage(`bad size ${JSON.stringify(s)} (use e.g. 4096, 64Ki, 1Mi)`);
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === 'ki' ? 2 ** 10 : unit === 'mi' ? 2 ** 20 : 1);
}

function parseArgs(argv) {
  const o = { partial: argv.length > 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--sizes') o.sizes = value().split(',').map(parseSize);
    else if (a === '--cases') o.cases = value().split(',');
    else if (a === '--impls') o.impls = value().split(',');
    else if (a === '--rounds') o.rounds = Number(value());
    else if (a === '--out') o.out = value();
    else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    else throw usage(`unknown argument ${a}`);
  }
  if (o.quick) {
    o.sizes ??= [2 ** 12, 2 ** 16];
    o.rounds ??= 2;
    o.cases ??= QUICK_CASES;
  }
  if (o.rounds !== undefined && !(Number.isInteger(o.rounds) && o.rounds > 0)) throw usage('--rounds must be a positive integer');
  o.sizes = [...new Set(o.sizes ?? DEFAULT_SIZES)].sort((a, b) => a - b);
  o.out ??= o.partial ? 'bench/out' : 'bench';
  return o;
}

async function loadLibrary() {
  try {
    return await import('../dist/index.js');
  } catch (e) {
    throw new Error(`cannot load ../dist/index.js (run \`npm run build\` first): ${e.message}`);
  }
}

/** Loads each peer; a peer that fails is reported unavailable and its columns dropped. */
async function loadPeers(wanted) {
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

function methodText(o, rounds) {
  return [
    'Inputs: x uniform in [-8, 8) (mulberry32 seed 12345), dy uniform in [-1, 1) (seed 54321); y = f(x) by the naive loop for the from-output gradients. '
      + 'Below 32 Ki elements each call takes the next of a pool of distinct inputs (32 Ki elements per operand in all) so branch predictors cannot learn the data.',
    'Plain Float32Array operands are copied to new offsets every round (page start + a multiple of 576 bytes depending on round and operand) so no two share an address modulo 4096 and copy-speed aliasing is averaged out; allocate() buffers are placed by the package.',
    `Per (size, case): every implementation is prepared and warmed up (at least 2 calls and ${TIMING.warmMs} ms; wasm has no OSR), then ${o.rounds ?? 'by size ' + Object.entries(rounds).map(([n, r]) => `${sizeLabel(Number(n))}: ${r}`).join(', ')} rounds; `
      + 'each round runs every implementation once, in rotating order (round r starts at implementation r mod k), as a benchmark.js run '
      + `(minTime ${TIMING.minTime} s, maxTime ${TIMING.maxTime} s, minSamples ${TIMING.minSamples}); the cell is the median over rounds of n × hz, in Melem/s (10^6 input elements per second).`,
    `Calls slower than ${TIMING.directAbove} s are timed directly, one call per round (marked †).`,
    'naive JS: the obvious float64 loop into a preallocated Float32Array (bench/cases.mjs). pkg js / pkg wasm (scalar) / SIMD streamed: this package on that backend with plain Float32Array input and out (streamed through scratch in chunks). SIMD streamed, new arrays: the same, but on arrays it allocates itself with new Float32Array (a copy of each input and a new out), not re-placed per round, as user arrays would be. SIMD zero-copy: input and out are allocate() buffers. copy (set): Float32Array.prototype.set of n elements, the bandwidth ceiling.',
    'tfjs op: input tensors built once, timed op(x) + dispose() of the result (composed ops in tf.tidy; silu = x·sigmoid(x), gelu / gelu(tanh) / mish / softsign composed as tfjs-layers does; sigmoid/tanh/relu gradients as tf.grad runs them, gelu/silu backward as the analytic derivative composed from tfjs ops). tfjs e2e: Float32Array → tensor → op → dataSync() → dispose. tfjs-cpu is skipped above 1 Mi.',
    'ort-web / ort-node: end to end, new ort.Tensor over the Float32Array + await session.run() + .data; one-node ONNX models (IR 9, opset 20) built in code; silu = Sigmoid→Mul; from-output gradients composed from Sub/Mul.',
    'Machines are noisy (a shared 2-vCPU VM here): compare within one run; ratios are of medians from the same run.',
  ];
}

async function main() {
  const started = performance.now();
  const o = parseArgs(process.argv.slice(2));
  const W = await loadLibrary();
  const autoBackend = await W.init();
  let cases;
  try {
    cases = availableCases(W, o.cases);
  } catch (e) {
    throw usage(e.message);
  }
  const peerImpls = [...TFJS_IMPLS, ...ORT_IMPLS];
  const all = [...OUR_IMPLS, ...peerImpls];
  if (o.impls) {
    const unknown = o.impls.filter((id) => !all.some((im) => im.id === id));
    if (unknown.length) throw usage(`unknown impl(s) ${unknown.join(', ')}; known: ${all.map((im) => im.id).join(', ')}`);
  }
  const selected = all.filter((im) => !o.impls || o.impls.includes(im.id));
  const { loaded, status } = await loadPeers(new Set(selected.filter((im) => im.peer).map((im) => im.peer)));
  const impls = selected.filter((im) => !im.peer || loaded[im.peer]);
  const ctx = { W, ...loaded };
  const sources = makeSources(o.sizes[o.sizes.length - 1]);
  const rounds = Object.fromEntries(o.sizes.map((n) => [n, o.rounds ?? defaultRounds(n)]));

  // Pre-warm this package's kernels at a small size so the first large call is not
  // measured in Liftoff (relevant when --sizes starts large).
  for (const c of cases) {
    const io = new CaseIO(c, 4096, sources);
    await measureCase({ c, io, impls: OUR_IMPLS.filter((im) => impls.includes(im)), rounds: 0, ctx, check: false });
  }

  const data = {
    command: `node bench/run.mjs${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    machine: machine(),
    versions: versions(),
    autoBackend,
    peers: status,
    method: methodText(o, rounds),
    sizes: o.sizes,
    rounds,
    impls: impls.map(({ id, label }) => ({ id, label })),
    cases: cases.map(({ id, fn, opts, mode }) => ({ id, fn, opts, mode })),
    skippedCases: CASES.filter((c) => (!o.cases || o.cases.includes(c.id)) && !cases.includes(c)).map((c) => c.id),
    results: {},
  };
  console.log(`wasm-activations bench: ${cases.length} cases × ${impls.length} implementations × sizes ${o.sizes.map(sizeLabel).join(', ')}`);
  if (data.skippedCases.length) console.log(`not exported by the package yet (skipped): ${data.skippedCases.join(', ')}`);
  console.log(`backend chosen by init(): ${autoBackend}; peers: ${Object.entries(status).map(([k, v]) => `${k} ${v.available ? 'ok' : 'unavailable'}`).join(', ') || 'none'}`);
  for (const n of o.sizes) {
    data.results[n] = {};
    for (const c of cases) {
      const io = new CaseIO(c, n, sources);
      const use = impls.filter((im) => (!im.has || im.has(c)) && !(im.maxSize && n > im.maxSize));
      const t = performance.now();
      data.results[n][c.id] = await measureCase({ c, io, impls: use, rounds: rounds[n], ctx, check: n === o.sizes[0] });
      const row = data.results[n][c.id];
      console.error(`[${sizeLabel(n)}] ${c.id} (${((performance.now() - t) / 1e3).toFixed(1)} s): `
        + use.map((im) => `${im.id} ${row[im.id]?.error ? 'err' : fmt(row[im.id]?.melems)}`).join(' | '));
    }
    const tables = sizeTables(data, n, false);
    console.log(`\nn = ${sizeLabel(n)}: Melem/s (median of ${rounds[n]} rounds; † timed directly)\n${tables.rates}\n\nratios (ours ÷ other)\n${tables.ratios}`);
    for (const e of tables.errors) console.log(`error: ${e}`);
  }
  data.durationSec = (performance.now() - started) / 1e3;
  data.loadEnd = os.loadavg()[0];
  mkdirSync(o.out, { recursive: true });
  writeFileSync(`${o.out}/results.json`, JSON.stringify(data, null, 1) + '\n');
  writeFileSync(`${o.out}/results.md`, markdown(data));
  writeFileSync(`${o.out}/results.svg`, chart(data) + '\n');
  console.log(`\nwrote ${o.out}/results.{md,svg,json} in ${data.durationSec.toFixed(0)} s`);
  // Peer runtimes (ORT threads, tfjs) may keep the event loop alive.
  process.exit(0);
}

main().catch((e) => {
  console.error(e?.usage ? e.message : e?.stack ?? e);
  process.exit(1);
});
