// The correctness suites in real headless Chromium (Debian's package) through vitest
// browser mode: the shared test modules run unchanged against src/ compiled by Vite,
// plus browser-only checks in test/browser/.
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { launchOptions } from './test/e2e/support/chromium.js';

export default defineConfig({
  test: {
    include: [
      'test/accuracy.test.ts',
      'test/paths.test.ts',
      'test/errors.test.ts',
      'test/gradients.test.ts',
      'test/browser/**/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: launchOptions() }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
