// The first call in a fresh page (vitest browser mode runs each file in a fresh frame, and
// this one imports nothing that calls init() first): it compiles the embedded SIMD build
// synchronously on the main thread; init() then loads the relaxed-SIMD build on demand
// (Chromium has relaxed SIMD) and switches to it.

import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('in a fresh page', () => {
  it('compiles the SIMD build synchronously on first use; init() switches to relaxed SIMD', async () => {
    const y = api.sigmoid(new Float32Array([0, 2]));
    expect(api.getBackend()).toBe('wasm-simd');
    expect(y[0]).toBe(0.5);
    expect(await api.init()).toBe('wasm-relaxed-simd');
    expect(api.getBackend()).toBe('wasm-relaxed-simd');
    const z = api.sigmoid(new Float32Array([0, 2]));
    expect(z[0]).toBe(0.5);
    expect(Math.abs(z[1]! - y[1]!)).toBeLessThanOrEqual(2 ** -22);
  });
});
