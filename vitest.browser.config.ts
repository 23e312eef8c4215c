// The correctness suites in real browsers through vitest browser mode: the shared test
// modules run unchanged against src/ compiled by Vite, plus browser-only checks in
// test/browser/. TEST_BROWSER picks the browser (docs/browser.md):
//   chromium (default)  Debian's Chromium, driven by Playwright (the `playwright` provider);
//   firefox, webkit     Firefox ESR and WebKitGTK's MiniBrowser (under xvfb-run), which
//                       Playwright cannot drive: vitest's `preview` provider serves the same
//                       page and opens it there (test/browser/support/debian-browser.ts).
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { debianBrowser } from './test/browser/support/debian-browser.js';
import { launchOptions } from './test/e2e/support/chromium.js';

const engine = (process.env.TEST_BROWSER || 'chromium') as 'chromium' | 'firefox' | 'webkit';
if (!['chromium', 'firefox', 'webkit'].includes(engine)) throw new Error(`TEST_BROWSER=${engine}: use chromium, firefox or webkit`);

export default defineConfig({
  define: { __TEST_BROWSER__: JSON.stringify(engine) },
  test: {
    include: [
      'test/accuracy.test.ts',
      'test/paths.test.ts',
      'test/errors.test.ts',
      'test/gradients.test.ts',
      'test/bias.test.ts',
      'test/softmax-dim.test.ts',
      'test/float16.test.ts',
      'test/half.test.ts',
      'test/browser/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    browser: engine === 'chromium'
      ? {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({ launchOptions: launchOptions() }),
        instances: [{ browser: 'chromium' }],
      }
      : {
        enabled: true,
        headless: false, // the preview provider refuses `headless`; scripts/browsers.mjs runs the browser headless
        screenshotFailures: false,
        provider: debianBrowser(engine),
        instances: [{ browser: engine }],
      },
  },
});
