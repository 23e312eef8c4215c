// The demo page (npm run demo:web) in Chromium: it lists every activation of the
// catalogue, plots f and f′ from the package's own output (values and drawn pixels
// checked against the float64 oracle at a few points), follows its parameter sliders,
// and completes the in-browser benchmark. A screenshot is kept as a test artifact.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMounts } from '../../scripts/serve.mjs';
import { launch, openPage, serve, warnings, type LoggedPage, type Served } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { CATALOGUE_NAMES, checkSeries, expected, type Mode } from './support/verify.js';

interface DemoState {
  name: string;
  opts: Record<string, number | string>;
  xs: number[];
  f: number[];
  df: number[];
}

/** Indices of the checked points among the 401 plotted over [-6, 6]: x = -2.4, -0.6, 0, 0.48, 3. */
const CHECKED = [120, 180, 200, 216, 300];

let browser: Browser;
let served: Served;
let logged: LoggedPage;
let page: Page;

beforeAll(async () => {
  served = await serve(demoMounts());
  browser = await launch();
  logged = await openPage(browser, served.url);
  page = logged.page;
  await page.waitForFunction(() => (window as any).demo?.ready === true);
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const state = (): Promise<DemoState> => page.evaluate(() => (window as any).demo.state);

/** Points of the drawn curve `cls`, mapped back from pixels to data coordinates. */
async function drawn(cls: string): Promise<[number, number][]> {
  return page.evaluate((c) => {
    const svg = document.getElementById('plot')!;
    const [left, top, w, h] = svg.dataset.area!.split(',').map(Number) as [number, number, number, number];
    const [x0, x1] = svg.dataset.xDomain!.split(',').map(Number) as [number, number];
    const [y0, y1] = svg.dataset.yDomain!.split(',').map(Number) as [number, number];
    const d = svg.querySelector(`path.curve.${c}`)!.getAttribute('d')!;
    return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [
      x0 + ((Number(m[1]) - left) / w) * (x1 - x0),
      y0 + (1 - (Number(m[2]) - top) / h) * (y1 - y0),
    ]);
  }, cls);
}

/** Values at the checked points against the oracle, and the drawn curves against the values. */
async function expectPlotted(name: string, opts: Record<string, unknown> = {}): Promise<void> {
  const s = await state();
  expect(s.name).toBe(name);
  const xs = CHECKED.map((i) => s.xs[i]!);
  expect(checkSeries(name, 'forward', xs, CHECKED.map((i) => s.f[i]!), undefined, opts)).toEqual([]);
  expect(checkSeries(name, 'derivative', xs, CHECKED.map((i) => s.df[i]!), undefined, opts)).toEqual([]);
  const yRange = await page.evaluate(() => document.getElementById('plot')!.dataset.yDomain!.split(',').map(Number));
  const tolerance = (yRange[1]! - yRange[0]!) / 300; // well under a pixel of the 420 px plot
  for (const [cls, mode] of [['f', 'forward'], ['df', 'derivative']] as const) {
    const points = await drawn(cls);
    expect(points).toHaveLength(s.xs.length);
    for (const i of CHECKED) {
      expect(points[i]![0]).toBeCloseTo(s.xs[i]!, 2);
      expect(Math.abs(points[i]![1] - expected(name, mode as Mode, s.xs[i]!, 1, opts))).toBeLessThan(tolerance);
    }
  }
}

describe('demo page', () => {
  it('loads on the relaxed-SIMD backend (init()) and lists every activation of the catalogue', async () => {
    expect(await page.textContent('#backend')).toBe('wasm-relaxed-simd');
    const options = await page.$$eval('#activation option', (o) => o.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual(CATALOGUE_NAMES);
  });

  it('plots f and f′ of each activation from the package output', async () => {
    for (const name of CATALOGUE_NAMES) {
      await page.selectOption('#activation', name);
      await expectPlotted(name);
    }
  });

  it('has a control per parameter and redraws when a slider moves', async () => {
    let moved = 0;
    for (const name of CATALOGUE_NAMES) {
      await page.selectOption('#activation', name);
      const params = await page.evaluate(() => (window as any).demo.state.opts);
      for (const param of Object.keys(params)) {
        const control = page.locator(`#params [name="${param}"]`);
        expect(await control.count()).toBe(1);
        const tag = await control.evaluate((e) => e.tagName);
        let value: number | string;
        if (tag === 'SELECT') {
          const choices = await control.evaluate((e) => Array.from((e as HTMLSelectElement).options, (o) => o.value));
          value = choices[choices.length - 1]!;
          await control.selectOption(String(value));
        } else {
          const r = await control.evaluate((e) => ({ min: +(e as HTMLInputElement).min, max: +(e as HTMLInputElement).max, step: +(e as HTMLInputElement).step }));
          value = Number((Math.round((r.min + 0.75 * (r.max - r.min)) / r.step) * r.step).toFixed(4));
          await control.fill(String(value));
        }
        const s = await state();
        expect(s.opts[param]).toBe(value);
        await expectPlotted(name, s.opts);
        moved++;
      }
    }
    console.log(`moved ${moved} parameter controls`);
  });

  it('runs the benchmark to completion and draws its bar chart', async () => {
    await page.selectOption('#activation', 'sigmoid');
    await page.click('#run');
    await page.waitForFunction(() => (window as any).demo.bench.done === true, undefined, { timeout: 90_000 });
    const bench = await page.evaluate(() => (window as any).demo.bench);
    expect(bench.error).toBe('');
    expect(bench.n).toBe(1 << 20);
    expect(bench.results.map((r: { id: string }) => r.id)).toEqual(['naive', 'js', 'wasm', 'wasm-simd', 'wasm-relaxed-simd', 'wasm-simd-zero-copy', 'wasm-relaxed-simd-zero-copy']);
    for (const r of bench.results) expect(r.melem).toBeGreaterThan(0);
    expect(await page.locator('#bars rect.bar').count()).toBe(bench.results.length);
    console.log(bench.results.map((r: { label: string; melem: number }) => `${r.label}: ${r.melem.toFixed(0)} Melem/s`).join('\n'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo.png'), fullPage: true });
    expect(logged.errors).toEqual([]);
    expect(warnings(logged.console)).toEqual([]);
  });
});
