// Browser-only checks, in each browser of vitest.browser.config.ts: the catalogue metadata
// matches the public functions, every backend can be forced, long arrays (memory growth)
// work on every backend, and what structured clone does with zero-copy views. (The first
// call before init() is checked in first-call.test.ts, which loads nothing else first:
// the harness here loads every build.)

import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { ELEMENTWISE } from '../../src/catalogue/index.js';
import { BACKENDS } from '../support/harness.js';
import { mulberry32 } from '../support/inputs.js';

/** The browser vitest.browser.config.ts runs (TEST_BROWSER), injected by Vite. */
declare const __TEST_BROWSER__: 'chromium' | 'firefox' | 'webkit';

/** What each engine's user agent names: Chromium itself, Gecko, and WebKit's Safari token. */
const USER_AGENT = { chromium: /Chrome\/\d+/, firefox: /Gecko\/\d+ Firefox\/\d+/, webkit: /AppleWebKit\/\d+.*Safari\/\d+/ };

describe(`in ${__TEST_BROWSER__}`, () => {
  it('runs in a real browser page of the engine asked for', () => {
    expect(typeof window).toBe('object');
    expect(navigator.userAgent).toMatch(USER_AGENT[__TEST_BROWSER__]);
    if (__TEST_BROWSER__ === 'webkit') expect(navigator.userAgent).not.toMatch(/Chrome\//);
    expect(typeof (globalThis as { process?: unknown }).process).toBe('undefined');
  });

  it('every backend can be forced and reports itself', () => {
    try {
      for (const name of BACKENDS) {
        expect(api.setBackend(name)).toBe(name);
        expect(api.getBackend()).toBe(name);
        expect(api.tanh(new Float32Array([0.5]))[0]).toBeCloseTo(Math.tanh(0.5), 6);
      }
    } finally {
      api.setBackend('auto');
    }
  });

  it('activationInfo lists every catalogue row, each with its public function', () => {
    expect(api.activationInfo.map((a) => a.name)).toEqual(ELEMENTWISE.map((s) => s.name));
    for (const info of api.activationInfo) {
      const fn = (api as unknown as Record<string, api.OutputDifferentiable<object>>)[info.name]!;
      expect(typeof fn, info.name).toBe('function');
      expect(typeof fn.derivative).toBe('function');
      expect(typeof fn.backward).toBe('function');
      expect(api.activationNames).toContain(info.name);
      for (const alias of info.aliases) expect(api.activationNames).toContain(alias);
      const opts = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
      const y = new Float32Array(3);
      fn(new Float32Array([-1, 0, 1]), { ...opts, out: y });
      if (info.backwardFromOutput) fn.backwardFromOutput(new Float32Array(3), y, opts);
      else expect(() => fn.backwardFromOutput(new Float32Array(3), y, opts)).toThrow(TypeError);
    }
  });

  it('long arrays: 4 Mi elements streamed and zero-copy (memory grows) agree on every backend', () => {
    const n = 4 << 20;
    const rand = mulberry32(5);
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (rand() * 2 - 1) * 8;
    const probe = [0, 1, 8191, 8192, n >> 1, n - 2, n - 1];
    try {
      api.setBackend('js');
      const want = api.sigmoid(x);
      for (const name of BACKENDS) {
        api.setBackend(name);
        const streamed = api.sigmoid(x);
        const bx = api.allocate(n);
        const by = api.allocate(n);
        bx.array.set(x);
        api.sigmoid(bx.array, { out: by.array });
        for (const i of probe) {
          expect(Math.abs(streamed[i]! - want[i]!), `${name} streamed at ${i}`).toBeLessThan(2e-7);
          expect(by.array[i], `${name} zero-copy at ${i}`).toBe(streamed[i]);
        }
        bx.dispose();
        by.dispose();
      }
    } finally {
      api.setBackend('auto');
    }
  });

  it('Float16Array where the engine has it (current Chromium, Firefox ≥ 129, WebKit): float16 in and out on every backend', () => {
    const F16 = (globalThis as { Float16Array?: { from(a: ArrayLike<number>): Float32Array } }).Float16Array;
    if (!F16) {
      expect(() => api.relu(new Uint16Array(3) as never)).toThrow(/x must be a Float32Array or Float64Array/);
      return;
    }
    const x = F16.from([-4, -0.5, 0, 0.5, 4, 60000]);
    try {
      for (const name of BACKENDS) {
        api.setBackend(name);
        const y = api.sigmoid(x);
        expect(Object.prototype.toString.call(y)).toBe('[object Float16Array]');
        // σ rounded to half: σ(0.5) = 0.6224593… → 0.62255859375 (the nearest half)
        expect(Array.from(y)).toEqual(Array.from(F16.from(Array.from(x, (v) => 1 / (1 + Math.exp(-v))))));
        expect(() => api.relu(x, { out: new Float32Array(x.length) })).toThrow(/out must be a Float16Array/);
      }
    } finally {
      api.setBackend('auto');
    }
  });

  it('allocate() views are wasm memory: transferring one throws, slice() gives a small copy', () => {
    const b = api.allocate(4);
    b.array.set([1, 2, 3, 4]);
    // what postMessage(view, [view.buffer]) does: wasm memory is not detachable
    expect(() => structuredClone(b.array, { transfer: [b.array.buffer] })).toThrow(TypeError);
    // posting the view itself would clone the whole memory; a slice is just the data
    expect(structuredClone(b.array).buffer.byteLength).toBe(b.array.buffer.byteLength);
    const copy = structuredClone(b.array.slice());
    expect(Array.from(copy)).toEqual([1, 2, 3, 4]);
    expect(copy.buffer.byteLength).toBe(16);
    b.dispose();
  });
});
