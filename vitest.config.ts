import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser suites: vitest.browser.config.ts (Chromium) and vitest.e2e.config.ts.
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/e2e/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
