// End-to-end tests in Debian's Chromium driven by playwright-core: the packed package
// built into apps by vite, esbuild and webpack, Content-Security-Policy pages, the Web
// Worker example, the demo page, and package hygiene (npm pack, publint, attw, require).
// Needs a build (npm run build); see docs/browser.md.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/support/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
