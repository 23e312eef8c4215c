// The first call in a fresh page (vitest browser mode runs each file in a fresh frame, and
// this one imports nothing that calls init() first): it compiles the embedded SIMD build
// synchronously on the main thread; init() then loads the relaxed-SIMD build on demand
// where the engine has relaxed SIMD (Chromium, Firefox) and switches to it, and stays on
// SIMD where it has not (WebKit).

import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

/** The browser vitest.browser.config.ts runs (TEST_BROWSER), injected by Vite. */
declare const __TEST_BROWSER__: 'chromium' | 'firefox' | 'webkit';

const BEST = __TEST_BROWSER__ === 'webkit' ? 'wasm-simd' : 'wasm-relaxed-simd';

describe(`in a fresh ${__TEST_BROWSER__} page`, () => {
  it(`compiles the SIMD build synchronously on first use; init() switches to ${BEST}`, async () => {
    const y = api.sigmoid(new Float32Array([0, 2]));
    expect(api.getBackend()).toBe('wasm-simd');
    expect(y[0]).toBe(0.5);
    expect(await api.init()).toBe(BEST);
    expect(api.getBackend()).toBe(BEST);
    const z = api.sigmoid(new Float32Array([0, 2]));
    expect(z[0]).toBe(0.5);
    expect(Math.abs(z[1]! - y[1]!)).toBeLessThanOrEqual(2 ** -22);
  });
});
