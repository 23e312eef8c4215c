// Content-Security-Policy: the fixture app (esbuild bundle) under a policy that allows
// WebAssembly with 'wasm-unsafe-eval' runs on SIMD wasm; under one without it, the
// package falls back to JavaScript with one clear console message and correct results,
// whether the first call is synchronous or init() comes first.

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loadProbe, serve, warnings, type Served } from './support/browser.js';
import { esbuildBuild, stage } from './support/fixtures.js';
import { checkProbe } from './support/verify.js';

const WITH_WASM = "default-src 'self'; img-src data:; script-src 'self' 'wasm-unsafe-eval'";
const STRICT = "default-src 'self'; img-src data:; script-src 'self'";

const { app, work } = inject('e2e');
let browser: Browser;
let served: Served;

beforeAll(async () => {
  const fixture = stage(app, 'test/fixtures/app', 'fixture');
  const out = join(work, 'out', 'csp');
  await esbuildBuild(fixture, out);
  served = await serve([
    { prefix: '/wasm/', dir: out, headers: { 'Content-Security-Policy': WITH_WASM } },
    { prefix: '/strict/', dir: out, headers: { 'Content-Security-Policy': STRICT } },
  ]);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const load = (path: string) => loadProbe(browser, served.url + path);

describe("script-src 'self' 'wasm-unsafe-eval'", () => {
  it('runs on SIMD wasm, relaxed SIMD after init(), with correct results and no console message', async () => {
    const { probe, console: log } = await load('wasm/');
    expect([probe.backendBeforeInit, probe.backend]).toEqual(['wasm-simd', 'wasm-relaxed-simd']);
    expect(checkProbe(probe)).toEqual([]);
    expect(warnings(log)).toEqual([]);
  });
});

describe("script-src 'self' (no 'wasm-unsafe-eval')", () => {
  for (const [label, query] of [['first call synchronous', ''], ['init() first', '?initFirst']] as const) {
    it(`falls back to JS with one clear message and correct results (${label})`, async () => {
      const { probe, console: log } = await load(`strict/${query}`);
      expect([probe.backendBeforeInit, probe.backend, probe.backendNow]).toEqual(['js', 'js', 'js']);
      expect(checkProbe(probe)).toEqual([]);
      const messages = warnings(log);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^warning: wasm-activations: using the js backend: WebAssembly compilation is blocked/);
      expect(messages[0]).toContain("'wasm-unsafe-eval'");
      console.log(`console under ${STRICT}:\n  ${log.join('\n  ')}`);
    });
  }
});
