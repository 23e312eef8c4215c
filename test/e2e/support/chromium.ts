// Debian's Chromium, driven by Playwright (which cannot download its own browsers here).
// Shared by the vitest browser-mode config and the end-to-end tests.

import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../../../scripts/browsers.mjs';

/** The Chromium executable: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export { CHROMIUM_ARGS };

/** Launch options for playwright-core's chromium.launch() (a fresh profile each time). */
export function launchOptions(): { executablePath: string; args: string[]; headless: true } {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true };
}
