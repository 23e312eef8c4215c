// Backend selection: the embedded SIMD build before init(), the fastest build after it
// (relaxed SIMD where the engine has it), the environment variable, setBackend, init(name),
// and the automatic fallback relaxed SIMD → SIMD → scalar wasm → JS when the engine lacks
// SIMD, computes wrong known answers, forbids compiling wasm, or has no WebAssembly.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode } from '../src/backends/constants.js';
import relaxedHex from '../src/generated/wasm-relaxed.js';
import scalarHex from '../src/generated/wasm-scalar.js';

/** What init() chooses on this engine: relaxed SIMD where it validates (Node ≥ 22), else SIMD. */
const BEST = WebAssembly.validate(decode(relaxedHex)) ? 'wasm-relaxed-simd' : 'wasm-simd';

type Api = typeof import('../src/index.js');

async function freshApi(): Promise<Api> {
  vi.resetModules();
  return import('../src/index.js');
}

/** A copy of the WebAssembly namespace (its members are non-enumerable) with overrides. */
function patchedWasm(overrides: Record<string, unknown>): typeof WebAssembly {
  const copy: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(WebAssembly)) copy[key] = (WebAssembly as unknown as Record<string, unknown>)[key];
  return Object.assign(copy, overrides) as unknown as typeof WebAssembly;
}

const x = new Float32Array([-3, -0.5, 0, 0.5, 3]);
const want = Array.from(x, (v) => 1 / (1 + Math.exp(-v)));

function expectSigmoid(api: Api) {
  const y = api.sigmoid(x);
  y.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('backend selection', () => {
  it('uses the embedded SIMD build before init(), the fastest build after it', async () => {
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm-simd');
    expectSigmoid(api);
    expect(await api.init()).toBe(BEST);
    expect(api.getBackend()).toBe(BEST);
    expectSigmoid(api);
  });

  it('init() before any call compiles asynchronously', async () => {
    const api = await freshApi();
    const compile = vi.spyOn(WebAssembly, 'compile');
    const Module = vi.spyOn(WebAssembly, 'Module');
    expect(await api.init()).toBe(BEST);
    expect(compile).toHaveBeenCalled();
    expect(Module).not.toHaveBeenCalled();
    expectSigmoid(api);
  });

  it('setBackend switches between loaded builds; init(name) loads one first; auto chooses again', async () => {
    const api = await freshApi();
    expect(() => api.setBackend('wasm')).toThrow(/setBackend: the wasm build is loaded on demand and not loaded yet; await init\('wasm'\)/);
    expect(api.getBackend()).toBe('wasm-simd');
    expect(await api.init('wasm')).toBe('wasm');
    expectSigmoid(api);
    for (const name of ['js', 'wasm-simd', 'wasm'] as const) {
      expect(api.setBackend(name)).toBe(name);
      expect(api.getBackend()).toBe(name);
      expectSigmoid(api);
    }
    // A forced backend stays through init().
    expect(await api.init()).toBe('wasm');
    expect(await api.init('auto')).toBe(BEST);
    expect(api.setBackend('auto')).toBe(BEST);
    await expect(api.init('gpu' as never)).rejects.toThrow(/init: name must be one of/);
  });

  it('honours WASM_ACTIVATIONS_BACKEND (builds loaded on demand from init() on)', async () => {
    for (const name of ['wasm-simd', 'js'] as const) {
      vi.stubEnv('WASM_ACTIVATIONS_BACKEND', name);
      const api = await freshApi();
      expect(api.getBackend()).toBe(name);
      expectSigmoid(api);
      expect(await api.init()).toBe(name);
    }
    vi.stubEnv('WASM_ACTIVATIONS_BACKEND', 'wasm');
    const api = await freshApi();
    expect(await api.init()).toBe('wasm');
    expectSigmoid(api);
  });

  it('warns once and ignores an invalid WASM_ACTIVATIONS_BACKEND', async () => {
    vi.stubEnv('WASM_ACTIVATIONS_BACKEND', 'cuda');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm-simd');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/WASM_ACTIVATIONS_BACKEND="cuda"/);
  });

  it('falls back to JS before init() and to scalar wasm after it when SIMD does not validate', async () => {
    const realValidate = WebAssembly.validate;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('WebAssembly', patchedWasm({
      // an engine without SIMD: rejects every SIMD build (a byte scan for the 0xfd SIMD
      // prefix would also hit f64 constants in the scalar build)
      validate: (bytes: Uint8Array) => Buffer.from(bytes).toString('hex') === scalarHex && realValidate(bytes),
    }));
    const api = await freshApi();
    expect(api.getBackend()).toBe('js');
    expectSigmoid(api);
    expect(await api.init()).toBe('wasm');
    expectSigmoid(api);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/using the js backend.*SIMD/);
    expect(() => api.setBackend('wasm-simd')).toThrow(/wasm-simd backend unavailable/);
    expect(() => api.setBackend('wasm-relaxed-simd')).toThrow(/wasm-relaxed-simd backend unavailable/);
  });

  it('falls back when a module computes wrong known answers', async () => {
    const RealInstance = WebAssembly.Instance;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // An engine whose SIMD sigmoid writes nothing (as buggy SIMD engines have done).
    const Broken = function (module: WebAssembly.Module, imports: WebAssembly.Imports) {
      const inst = new RealInstance(module, imports);
      const exports = inst.exports as Record<string, unknown>;
      if (((exports.features as () => number)() & 1) === 0) return inst;
      return { exports: { ...exports, sigmoid_forward: () => {} } };
    } as unknown as typeof WebAssembly.Instance;
    vi.stubGlobal('WebAssembly', patchedWasm({ Instance: Broken }));
    const api = await freshApi();
    expect(api.getBackend()).toBe('js');
    expectSigmoid(api);
    expect(await api.init()).toBe('wasm');
    expectSigmoid(api);
  });

  it('falls back to JS when compiling wasm is forbidden (CSP without wasm-unsafe-eval)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refuse = () => {
      throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, compile: async () => refuse() }));
    const api = await freshApi();
    expect(await api.init()).toBe('js');
    expectSigmoid(api);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/using the js backend.*disallowed/);
    // zero-copy buffers still work (memory can be created; the JS backend computes on it)
    const b = api.allocate(5);
    b.array.set(x);
    api.sigmoid(b.array, { out: b.array });
    b.array.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  });

  it('works without WebAssembly at all', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('WebAssembly', undefined);
    const api = await freshApi();
    expect(api.getBackend()).toBe('js');
    expectSigmoid(api);
    const b = api.allocate(5);
    b.array.set(x);
    expect(api.tanh(b.array)[0]).toBeCloseTo(Math.tanh(-3), 6);
    b.dispose();
    expect(() => b.array).toThrow(TypeError);
  });

  it('Float64Array data is computed in float64 by the JS backend whatever the backend', async () => {
    const api = await freshApi();
    const x64 = Float64Array.from([-3, 0.1, 2]);
    const y = api.sigmoid(x64);
    expect(y).toBeInstanceOf(Float64Array);
    y.forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-x64[i]!)), 15));
    const d = api.tanh.backward(Float64Array.from([1, 1, 1]), x64);
    expect(d).toBeInstanceOf(Float64Array);
    d.forEach((v, i) => expect(v).toBeCloseTo(1 - Math.tanh(x64[i]!) ** 2, 15));
  });
});

describe('Content-Security-Policy wording of each engine', () => {
  it('is recognised, so the js fallback says what to change', async () => {
    const { blockedByPolicy } = await import('../src/backends/loader.js');
    expect(blockedByPolicy('WebAssembly.Module(): Wasm code generation disallowed by embedder')).toBe(true); // V8
    expect(blockedByPolicy("Refused to create a WebAssembly object because 'unsafe-eval' or 'wasm-unsafe-eval' is not an allowed source of script in the following Content Security Policy directive")).toBe(true); // WebKit
    expect(blockedByPolicy('call to WebAssembly.Module() blocked by CSP')).toBe(true); // Firefox
    expect(blockedByPolicy('this engine does not support WebAssembly SIMD')).toBe(false);
  });
});
