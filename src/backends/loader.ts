// Loading and choosing a backend: SIMD wasm → scalar wasm → JS.
//
// The binaries are inlined as base64 (no file fetch, no bundler setup). SIMD support is
// detected with WebAssembly.validate and then confirmed by a known-answer call, because
// engines have shipped SIMD that validates but computes wrongly. Calls made before
// init() compile synchronously (the modules are small); init() compiles asynchronously
// and warms the kernels up.

import type { Backend, BackendName, FloatArray } from './backend.js';
import { jsBackend } from './js.js';
import { WasmBackend } from './wasm.js';
import { wasmMemory } from '../memory.js';
import { describe, typeError } from '../errors.js';
import { warnOnce } from '../warn.js';
import simdBase64 from '../generated/wasm-simd.js';
import scalarBase64 from '../generated/wasm-scalar.js';

const BACKENDS: readonly BackendName[] = ['wasm-simd', 'wasm', 'js'];
const SOURCES: Record<Exclude<BackendName, 'js'>, string> = { 'wasm-simd': simdBase64, wasm: scalarBase64 };

let active: Backend | undefined;
const created = new Map<BackendName, Backend>();
const failures = new Map<BackendName, string>();
/** Bumped by setBackend: an init() that started earlier must not override the caller's choice. */
let choices = 0;

/** The bytes of a base64-embedded wasm binary. */
export function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Runs a few kernels on known inputs; false if any answer is off. */
function knownAnswer(backend: Backend, expectSimd: boolean, exports: Record<string, unknown>): boolean {
  if ((exports.simd as () => number)() !== (expectSimd ? 1 : 0)) return false;
  const x = new Float32Array([0, 1, -1, 2.5, -30, 88, Number.NaN, -0.5, 3]);
  const y = new Float32Array(x.length);
  backend.map({ kernel: 'sigmoid_forward', js: () => 0, a: 0, b: 0 }, x, y);
  for (let i = 0; i < x.length; i++) {
    const ref = 1 / (1 + Math.exp(-x[i]!));
    if (Number.isNaN(ref) ? !Number.isNaN(y[i]!) : Math.abs(y[i]! - ref) > 1e-6 * Math.max(ref, 1e-30) + 1e-37) return false;
  }
  backend.map({ kernel: 'leakyRelu_forward', js: () => 0, a: 0.5, b: 0 }, x, y);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const ref = v > 0 ? v : 0.5 * v;
    if (!(Object.is(y[i], ref) || (Number.isNaN(ref) && Number.isNaN(y[i]!)))) return false;
  }
  return true;
}

function instantiate(name: Exclude<BackendName, 'js'>, module: WebAssembly.Module): Backend {
  const mem = wasmMemory()!;
  const instance = new WebAssembly.Instance(module, { env: { memory: mem.memory } });
  const exports = instance.exports as Record<string, unknown>;
  const backend = new WasmBackend(name, exports, mem);
  if (!knownAnswer(backend, name === 'wasm-simd', exports)) {
    throw new Error(`${name} module computed wrong known answers`);
  }
  return backend;
}

function precheck(name: Exclude<BackendName, "js">, bytes: Uint8Array<ArrayBuffer>): void {
  if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
  if (!WebAssembly.validate(bytes)) {
    throw new Error(name === 'wasm-simd' ? 'this engine does not support WebAssembly SIMD' : 'the wasm module does not validate');
  }
}

/** Creates (once) the named backend synchronously; throws with the reason if it cannot. */
function create(name: BackendName): Backend {
  const existing = created.get(name);
  if (existing) return existing;
  if (failures.has(name)) throw new Error(failures.get(name));
  let backend: Backend;
  try {
    if (name === 'js') backend = jsBackend;
    else {
      const bytes = decode(SOURCES[name]);
      precheck(name, bytes);
      backend = instantiate(name, new WebAssembly.Module(bytes));
    }
  } catch (e) {
    const reason = `${name} backend unavailable: ${(e as Error).message}`;
    failures.set(name, reason);
    throw new Error(reason);
  }
  created.set(name, backend);
  return backend;
}

async function createAsync(name: BackendName): Promise<Backend> {
  const existing = created.get(name);
  if (existing || name === 'js' || failures.has(name)) return create(name);
  try {
    const bytes = decode(SOURCES[name]);
    precheck(name, bytes);
    const backend = instantiate(name, await WebAssembly.compile(bytes));
    created.set(name, backend);
    return backend;
  } catch (e) {
    failures.set(name, `${name} backend unavailable: ${(e as Error).message}`);
    return create(name); // rethrows the recorded reason
  }
}

function requested(): BackendName | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.WASM_ACTIVATIONS_BACKEND;
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  warnOnce('environment', `ignoring WASM_ACTIVATIONS_BACKEND=${describe(value)}; expected one of ${BACKENDS.join(', ')}`);
  return undefined;
}


/** The preference order: the environment's request first, then SIMD → scalar → JS. */
function order(): BackendName[] {
  const want = requested();
  return want ? [want, ...BACKENDS.slice(BACKENDS.indexOf(want) + 1)] : [...BACKENDS];
}

/** Engines' wording when a Content-Security-Policy forbids compiling wasm (V8, WebKit; Firefox says "blocked by CSP"). */
const BLOCKED = /disallowed by embedder|content.security.policy|unsafe-eval|blocked by CSP/i;

/** @internal Whether an engine's compile error says a Content-Security-Policy forbids wasm. */
export function blockedByPolicy(reason: string): boolean {
  return BLOCKED.test(reason);
}

function settle(chosen: Backend, candidates: BackendName[]): Backend {
  if (chosen.name !== candidates[0]) {
    const reasons = [...failures.values()];
    if (chosen.name === 'js' && reasons.length > 0 && reasons.every(blockedByPolicy)) {
      // One message that says what to do, with the engine's own words once.
      warnOnce(
        'fallback',
        "using the js backend: WebAssembly compilation is blocked here (a Content-Security-Policy without " +
          "'wasm-unsafe-eval' in script-src does this; add it to use wasm). Results are the same, computed more " +
          `slowly in JavaScript. (${reasons[0]})`,
      );
    } else {
      warnOnce('fallback', `using the ${chosen.name} backend (${reasons.join('; ')})`);
    }
  }
  active = chosen;
  return chosen;
}

/** Set by withBackend (the worker pool): answers currentBackend() while a call records or runs. */
let override: Backend | undefined;

/**
 * @internal Runs `f` with currentBackend() answering `backend`: the worker pool records a
 * call's operations this way, and its workers run them on their shared-memory instance.
 */
export function withBackend<T>(backend: Backend, f: () => T): T {
  const previous = override;
  override = backend;
  try {
    return f();
  } finally {
    override = previous;
  }
}

/** The backend for data of `x`'s type: float64 data always computes in JavaScript. */
export function backendFor(x: FloatArray): Backend {
  return x instanceof Float32Array ? currentBackend() : jsBackend;
}

/** The active backend, chosen synchronously on first use. */
export function currentBackend(): Backend {
  if (override) return override;
  if (active) return active;
  const candidates = order();
  for (const name of candidates) {
    try {
      return settle(create(name), candidates);
    } catch {
      // recorded in failures; try the next one
    }
  }
  return settle(jsBackend, candidates);
}

/** Name of the backend that calls use now. */
export function getBackend(): BackendName {
  return currentBackend().name;
}

/**
 * Forces a backend: 'wasm-simd', 'wasm' or 'js' (or 'auto' to choose again).
 * Throws a TypeError for an unknown name and an Error if the backend cannot run here.
 */
export function setBackend(name: BackendName | 'auto'): BackendName {
  choices++;
  if (name === 'auto') {
    active = undefined;
    return getBackend();
  }
  if (typeof name !== 'string' || !(BACKENDS as readonly string[]).includes(name)) {
    throw typeError('setBackend', `name must be one of ${BACKENDS.join(', ')}, auto; got ${describe(name)}`);
  }
  active = create(name);
  return active.name;
}

/** Compiles asynchronously (where sync compile is restricted), chooses and warms up. */
export async function init(): Promise<BackendName> {
  if (!active) {
    const candidates = order();
    const started = choices;
    for (const name of candidates) {
      try {
        const backend = await createAsync(name);
        // A setBackend() while this compiled, or another init() that finished first, wins.
        if (choices === started && !active) settle(backend, candidates);
        break;
      } catch {
        // recorded in failures; try the next one
      }
    }
  }
  return currentBackend().name;
}
