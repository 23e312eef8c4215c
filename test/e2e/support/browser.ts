// One headless Chromium per test file, pages that record their console, and static
// servers for built fixtures (scripts/serve.mjs).

import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaticServer, listen, type Mount } from '../../../scripts/serve.mjs';
import { launchOptions } from './chromium.js';
import type { ActivationRun } from './verify.js';

export type { Mount };

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves `mounts` on a free localhost port. */
export async function serve(mounts: Mount[]): Promise<Served> {
  const server: Server = createStaticServer(mounts);
  const url = await listen(server);
  return { url, close: () => new Promise((ok) => server.close(() => ok())) };
}

export function launch(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

export interface LoggedPage {
  page: Page;
  /** Console messages as "type: text". */
  console: string[];
  /** Uncaught page errors. */
  errors: string[];
  /** URLs the page requested. */
  requests: string[];
}

/** A new page (own context) that records console messages and uncaught errors. */
export async function openPage(browser: Browser, url: string): Promise<LoggedPage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const logged: LoggedPage = { page, console: [], errors: [], requests: [] };
  page.on('request', (r) => logged.requests.push(r.url()));
  page.on('console', (m) => logged.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logged.errors.push(String(e)));
  page.on('worker', (w) => w.on('console', (m) => logged.console.push(`worker ${m.type()}: ${m.text()}`)));
  await page.goto(url);
  return logged;
}

/** Waits until the page sets window[name], and returns its value. */
export async function waitForGlobal<T>(page: Page, name: string, timeout = 30_000): Promise<T> {
  await page.waitForFunction((n) => (window as unknown as Record<string, unknown>)[n] !== undefined, name, { timeout });
  return page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name) as Promise<T>;
}

/** Console warnings and errors among recorded lines (the package's start with its name). */
export function warnings(lines: string[]): string[] {
  return lines.filter((l) => /^(worker )?(warning|error)/.test(l));
}

/** What the fixture app (test/fixtures/app) leaves in window.__probe. */
export interface Probe {
  error?: string;
  backendBeforeInit: string;
  backend: string;
  backendNow: string;
  activations: ActivationRun[];
  zeroCopyMismatches: string[];
}

/** Loads the fixture app at `url` and resolves to its report, after checking it did not fail. */
export async function loadProbe(browser: Browser, url: string): Promise<{ probe: Probe } & Omit<LoggedPage, 'page'>> {
  const { page, ...logged } = await openPage(browser, url);
  try {
    const probe = await waitForGlobal<Probe>(page, '__probe');
    if (probe.error) throw new Error(`fixture app failed: ${probe.error}`);
    if (logged.errors.length) throw new Error(`page errors: ${logged.errors.join('\n')}`);
    return { probe, ...logged };
  } finally {
    await page.context().close();
  }
}
