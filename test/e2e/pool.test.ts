// The worker pool in Chromium: the fixture page (test/fixtures/pool), built by vite from
// the packed package, served with cross-origin isolation headers runs the pool on module
// Web Workers over shared memory, with results bitwise equal to the single-thread (relaxed SIMD)
// backend, a crashed worker replaced, close() rejecting work in flight; served without
// them, the pool runs on the calling thread, says so once, and gives the same results.
// Also the same page built by esbuild with the worker as a second entry point, and with no
// bundler at all (the package's ES modules from dist/).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, serve, waitForGlobal, warnings, type Served } from './support/browser.js';
import { esbuildBuild, stage, viteBuild } from './support/fixtures.js';
import { ROOT } from './support/paths.js';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

interface Report {
  error?: string;
  isolated: boolean;
  parallel: boolean;
  threads: number;
  mismatches: string[];
  workerCalls: number;
  crash?: string;
  readyAfterCrash?: number;
  afterCrashSame?: boolean;
  closeDuringWork: string;
  afterClose: string;
  reopenedSame: boolean;
}

const { app, work } = inject('e2e');
let browser: Browser;
/** vite builds for the site root: one server with the isolation headers, one without. */
let isolated: Served;
let open: Served;

beforeAll(async () => {
  const fixture = stage(app, 'test/fixtures/pool', 'pool');
  const out = join(work, 'out', 'pool');
  await viteBuild(fixture, out);
  // No bundler: the page imports the package's own files through an import map.
  const plain = join(work, 'out', 'pool-plain');
  stage(work, 'test/fixtures/pool', 'out/pool-plain');
  writeFileSync(join(plain, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "wasm-activations": "/dist/index.js" } }</script>
<script type="module" src="./main.js"></script></head><body><pre id="out">running…</pre></body></html>`);
  // esbuild: the pool's worker bundled as a second entry named worker.js, next to main.js
  // (the recipe of docs/threads.md; esbuild leaves new URL('./worker.js', import.meta.url) as it is).
  const esbuilt = join(work, 'out', 'pool-esbuild');
  await esbuildBuild(fixture, esbuilt, { main: 'main.js', worker: 'wasm-activations/worker' });
  isolated = await serve([
    { prefix: '/', dir: out, headers: ISOLATION },
    { prefix: '/esbuild/', dir: esbuilt, headers: ISOLATION },
    { prefix: '/plain/', dir: plain, headers: ISOLATION },
    { prefix: '/dist/', dir: join(ROOT, 'dist'), headers: ISOLATION },
  ]);
  open = await serve([{ prefix: '/', dir: out }]);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await isolated?.close();
  await open?.close();
});

async function load(url: string): Promise<{ report: Report; console: string[] }> {
  const { page, console: log, errors } = await openPage(browser, url);
  try {
    const report = await waitForGlobal<Report>(page, '__pool', 60_000);
    if (report.error) throw new Error(`fixture failed: ${report.error}\n${log.join('\n')}`);
    expect(errors).toEqual([]);
    return { report, console: log };
  } finally {
    await page.context().close();
  }
}

describe('cross-origin isolated page (COOP same-origin, COEP require-corp)', () => {
  for (const [label, path] of [['vite build', ''], ['esbuild, worker as a second entry', 'esbuild/'], ['no bundler', 'plain/']] as const) {
    it(`runs the pool on Web Workers with the single-thread bits, relaxed SIMD (${label})`, async () => {
      const { report, console: log } = await load(isolated.url + path);
      expect(report.isolated).toBe(true);
      expect([report.parallel, report.threads]).toEqual([true, 2]);
      expect(report.backend).toBe('wasm-relaxed-simd');
      expect(report.mismatches).toEqual([]);
      expect(report.workerCalls).toBeGreaterThan(40);
      expect(report.crash).toMatch(/worker 1 crashed/);
      expect(report.readyAfterCrash).toBe(2);
      expect(report.afterCrashSame).toBe(true);
      expect(report.closeDuringWork).toMatch(/the pool (is|was) closed/);
      expect(report.afterClose).toBe('relu: the pool is closed');
      expect(report.reopenedSame).toBe(true);
      // The only message: the simulated crash being reported.
      expect(warnings(log).filter((l) => !/worker 1 crashed/.test(l))).toEqual([]);
    });
  }
});

describe('page without cross-origin isolation', () => {
  it('runs the pool on the calling thread, says so once, and gives the same results', async () => {
    const { report, console: log } = await load(open.url);
    expect(report.isolated).toBe(false);
    expect([report.parallel, report.threads]).toEqual([false, 1]);
    expect(report.mismatches).toEqual([]);
    expect(report.workerCalls).toBe(0);
    expect(report.closeDuringWork).toBe('resolved');
    expect(report.afterClose).toBe('relu: the pool is closed');
    const messages = warnings(log);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^warning: wasm-activations: createPool: this page is not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp.*the pool computes on the calling thread$/);
  });
});
