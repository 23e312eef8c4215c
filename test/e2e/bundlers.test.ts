// The fixture app imports 'wasm-activations' from the packed package and is built by
// vite (production build and dev server), esbuild and webpack with no plugin, no copy
// step and no path setting. Each build is loaded in Chromium: it must run on the SIMD
// backend (compiled synchronously on first use), compute every activation correctly,
// emit no .wasm file and log nothing.

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loadProbe, serve, warnings } from './support/browser.js';
import { esbuildBuild, outputFiles, stage, viteBuild, webpackBuild } from './support/fixtures.js';
import { checkProbe } from './support/verify.js';

const { app, work } = inject('e2e');
let browser: Browser;
let fixture: string;

beforeAll(async () => {
  fixture = stage(app, 'test/fixtures/app', 'fixture');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Loads `url`, waits for the fixture's report and checks it; resolves to the URLs requested. */
async function expectWorking(url: string): Promise<string[]> {
  const { probe, console: log, requests } = await loadProbe(browser, url);
  // The embedded SIMD build runs the first calls; init() loads the relaxed-SIMD chunk (Chromium has relaxed SIMD).
  expect(probe.backendBeforeInit).toBe('wasm-simd');
  expect(probe.backend).toBe('wasm-relaxed-simd');
  expect(checkProbe(probe)).toEqual([]);
  expect(warnings(log)).toEqual([]);
  return requests;
}

const BUILDS: [string, (root: string, out: string) => Promise<void>][] = [
  ['vite build', viteBuild],
  ['esbuild', (root, out) => esbuildBuild(root, out)],
  ['webpack', webpackBuild],
];

describe.each(BUILDS)('%s', (label, build) => {
  const out = join(work, 'out', label.replace(/\W+/g, '-'));
  it('builds with the default configuration and emits no .wasm file', async () => {
    await build(fixture, out);
    const files = outputFiles(out);
    expect(files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.path.endsWith('.wasm'))).toEqual([]);
    console.log(`${label}: ${files.map((f) => `${f.path} ${f.size} B`).join(', ')}`);
  });

  it('runs every activation correctly on the SIMD backend, then relaxed SIMD after init(), in Chromium', async () => {
    const served = await serve([{ prefix: '/', dir: out }]);
    try {
      await expectWorking(served.url);
    } finally {
      await served.close();
    }
  });
});

describe('vite dev server', () => {
  it('pre-bundles the package (optimizeDeps) and still runs it on SIMD and relaxed SIMD', async () => {
    const { createServer } = await import('vite');
    const server = await createServer({
      root: fixture, configFile: false, logLevel: 'warn',
      cacheDir: join(work, 'out', 'vite-dev-cache'),
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
    try {
      const url = server.resolvedUrls?.local[0];
      expect(url).toBeTruthy();
      const requests = await expectWorking(url!);
      // The dependency optimizer served the package from its cache (vitejs/vite#8427's setting).
      expect(requests.some((r) => r.includes('/deps/wasm-activations.js'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
