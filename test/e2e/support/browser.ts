// One headless Chromium per test file, pages that record their console, and static
// servers for built fixtures (scripts/serve.mjs).

import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaticServer, listen, type Mount } from '../../../scripts/serve.mjs';
import { launchOptions } from './chromium.js';

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
