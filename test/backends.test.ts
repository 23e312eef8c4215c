// Backend selection: SIMD by default, the environment variable, setBackend, init(),
// and the automatic fallback SIMD → scalar wasm → JS when the engine lacks SIMD,
// computes wrong known answers, forbids compiling wasm, or has no WebAssembly.

import { afterEach, describe, expect, it, vi } from 'vitest';
import simdBase64 from '../src/generated/wasm-simd.js';

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
  it('chooses wasm-simd by default, before init() and after', async () => {
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm-simd');
    expectSigmoid(api);
    expect(await api.init()).toBe('wasm-simd');
  });

  it('init() before any call compiles asynchronously', async () => {
    const api = await freshApi();
    const compile = vi.spyOn(WebAssembly, 'compile');
    expect(await api.init()).toBe('wasm-simd');
    expect(compile).toHaveBeenCalled();
    expectSigmoid(api);
  });

  it('setBackend switches and reports; auto chooses again', async () => {
    const api = await freshApi();
    for (const name of ['wasm', 'js', 'wasm-simd'] as const) {
      expect(api.setBackend(name)).toBe(name);
      expect(api.getBackend()).toBe(name);
      expectSigmoid(api);
    }
    expect(api.setBackend('auto')).toBe('wasm-simd');
  });

  it('honours WASM_ACTIVATIONS_BACKEND', async () => {
    for (const name of ['wasm', 'js'] as const) {
      vi.stubEnv('WASM_ACTIVATIONS_BACKEND', name);
      const api = await freshApi();
      expect(api.getBackend()).toBe(name);
      expectSigmoid(api);
    }
  });

  it('warns once and ignores an invalid WASM_ACTIVATIONS_BACKEND', async () => {
    vi.stubEnv('WASM_ACTIVATIONS_BACKEND', 'cuda');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm-simd');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/WASM_ACTIVATIONS_BACKEND="cuda"/);
  });

  it('falls back to scalar wasm when SIMD does not validate', async () => {
    const realValidate = WebAssembly.validate;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('WebAssembly', patchedWasm({
      // an engine without SIMD: rejects the SIMD build (a byte scan for the 0xfd SIMD
      // prefix would also hit f64 constants in the scalar build)
      validate: (bytes: Uint8Array) => Buffer.from(bytes).toString('base64') !== simdBase64 && realValidate(bytes),
    }));
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm');
    expectSigmoid(api);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/using the wasm backend.*SIMD/);
    expect(() => api.setBackend('wasm-simd')).toThrow(/wasm-simd backend unavailable/);
  });

  it('falls back when a module computes wrong known answers', async () => {
    const RealInstance = WebAssembly.Instance;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // An engine whose SIMD sigmoid writes nothing (as buggy SIMD engines have done).
    const Broken = function (module: WebAssembly.Module, imports: WebAssembly.Imports) {
      const inst = new RealInstance(module, imports);
      const exports = inst.exports as Record<string, unknown>;
      if ((exports.simd as () => number)() !== 1) return inst;
      return { exports: { ...exports, sigmoid_forward: () => {} } };
    } as unknown as typeof WebAssembly.Instance;
    vi.stubGlobal('WebAssembly', patchedWasm({ Instance: Broken }));
    const api = await freshApi();
    expect(api.getBackend()).toBe('wasm');
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
