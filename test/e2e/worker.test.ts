// The Web Worker example (examples/worker), built by vite from the packed package:
// the worker runs on SIMD wasm off the main thread, computes every activation of the
// catalogue correctly in every mode, and buffers are transferred, not copied.

import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { GRADIENTS, POINTS } from '../fixtures/app/points.js';
import { launch, openPage, serve, waitForGlobal, warnings, type LoggedPage, type Served } from './support/browser.js';
import { stage, viteBuild } from './support/fixtures.js';
import { CATALOGUE_NAMES, checkRun, type ActivationRun } from './support/verify.js';

const { app, work } = inject('e2e');
let browser: Browser;
let served: Served;
let logged: LoggedPage;
let page: Page;

beforeAll(async () => {
  const dir = stage(app, 'examples/worker', 'worker');
  const out = join(work, 'out', 'worker');
  await viteBuild(dir, out);
  served = await serve([{ prefix: '/', dir: out }]);
  browser = await launch();
  logged = await openPage(browser, served.url);
  page = logged.page;
  await waitForGlobal(page, 'workerExample');
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

it('the worker runs on relaxed-SIMD wasm (init()) and the page shows its result', async () => {
  const info = await page.evaluate(() => (window as any).workerExample.info);
  expect(info.backend).toBe('wasm-relaxed-simd');
  expect(info.activations.map((a: { name: string }) => a.name)).toEqual(CATALOGUE_NAMES);
  await page.waitForFunction(() => document.getElementById('result')!.textContent !== '');
  expect(await page.textContent('#result')).toMatch(/in the worker on wasm-relaxed-simd.*x\.byteLength = 0/);
});

it('computes every activation in every mode in the worker', async () => {
  const runs = await page.evaluate(async ({ points, grads }) => {
    const { worker, info } = (window as any).workerExample;
    const out = [];
    for (const a of info.activations) {
      const opts = Object.fromEntries(a.params.map((p: any) => [p.name, p.default]));
      const x = Float32Array.from(points);
      const dy = Float32Array.from(grads);
      const call = async (mode: string, input: Float32Array, g?: Float32Array) =>
        Array.from((await worker.run(a.name, input.slice(), opts, mode, g?.slice())).result as Float32Array);
      const forward = await call('forward', x);
      const run: Record<string, unknown> = {
        name: a.name, x: points, dy: grads, forward,
        derivative: await call('derivative', x),
        backward: await call('backward', x, dy),
      };
      if (a.backwardFromOutput) run.backwardFromOutput = await call('backwardFromOutput', Float32Array.from(forward), dy);
      out.push(run);
    }
    return out;
  }, { points: POINTS, grads: GRADIENTS });
  expect(runs.map((r) => r.name)).toEqual(CATALOGUE_NAMES);
  expect(runs.flatMap((r) => checkRun(r as unknown as ActivationRun))).toEqual([]);
});

it('transfers buffers both ways and reports errors as rejections', async () => {
  const r = await page.evaluate(async () => {
    const { worker } = (window as any).workerExample;
    const x = new Float32Array([0, 1, 2, 3]);
    const pending = worker.run('relu', x);
    const sentLength = x.byteLength; // detached by postMessage
    const { result } = await pending;
    let error = '';
    await worker.run('noSuchActivation', new Float32Array(4)).catch((e: Error) => (error = e.message));
    return { sentLength, result: Array.from(result as Float32Array), error };
  });
  expect(r).toEqual({ sentLength: 0, result: [0, 1, 2, 3], error: expect.stringMatching(/TypeError: unknown activation/) });
  expect(logged.errors).toEqual([]);
  expect(warnings(logged.console)).toEqual([]);
});
