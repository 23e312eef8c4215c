// Loading and choosing a backend: relaxed SIMD wasm → SIMD wasm → scalar wasm → JS.
//
// The binaries are inlined as hex text (no file fetch, no bundler setup). Only the SIMD build
// is imported statically, so a call before init() compiles it synchronously and runs (every
// current engine has SIMD); the others (relaxed SIMD, scalar, the pool's threads builds)
// are separate modules loaded by dynamic import() when init() or createPool() needs them,
// so an app carries only what runs. Support is detected with WebAssembly.validate and then
// confirmed by a known-answer call, because engines have shipped SIMD that validates but
// computes wrongly. init() compiles asynchronously, loads the fastest build this engine
// runs and switches to it (unless setBackend() chose one).

import type { Backend, BackendName, FloatArray } from './backend.js';
import { jsBackend } from './js.js';
import { WasmBackend } from './wasm.js';
import { halfBackendOf } from './half.js';
import { F16 } from '../args/intrinsics.js';
import { wasmMemory } from '../memory.js';
import { describe, typeError } from '../errors.js';
import { warnOnce } from '../warn.js';
import { decode } from './constants.js';
import simdHex from '../generated/wasm-simd.js';
import { BUILDS, type BuildName } from '../generated/builds.js';

export { decode };

type WasmName = Exclude<BackendName, 'js'>;
const BACKENDS: readonly BackendName[] = ['wasm-relaxed-simd', 'wasm-simd', 'wasm', 'js'];
/** The single-thread build behind each wasm backend. */
const BUILD_OF: Record<WasmName, BuildName> = { 'wasm-relaxed-simd': 'relaxed', 'wasm-simd': 'simd', wasm: 'scalar' };
/** The threads build the worker pool runs for each backend of the calling thread (scalar and SIMD compute the same bits). */
const THREADS_BUILD: Record<BackendName, BuildName> = {
  'wasm-relaxed-simd': 'relaxed-threads', 'wasm-simd': 'simd-threads', wasm: 'simd-threads', js: 'simd-threads',
};

/** Hex text of the builds loaded so far: the static SIMD build from the start, the others once imported. */
const sources = new Map<BuildName, string>([['simd', simdHex]]);

let active: Backend | undefined;
/** Whether `active` was forced (setBackend), so that init() keeps it. */
let pinned = false;
const created = new Map<BackendName, Backend>();
const failures = new Map<BackendName, string>();
/** Bumped by every forced choice (setBackend, init(name)): an init() that started earlier must not override it. */
let choices = 0;

/** A build's hex text, importing its module the first time (lazy builds). */
export async function loadBuild(name: BuildName): Promise<string> {
  let source = sources.get(name);
  if (source === undefined) {
    const load: (() => Promise<string>) | undefined = BUILDS[name].load;
    if (!load) throw new Error(`the ${name} build has no loader`);
    source = await load();
    sources.set(name, source);
  }
  return source;
}

/** The threads build (and its hex text) that the pool pairs with the calling thread's backend. */
export async function threadsBuild(): Promise<{ name: BuildName; hex: string; features: number }> {
  const name = THREADS_BUILD[currentBackend().name];
  return { name, hex: await loadBuild(name), features: BUILDS[name].features };
}

/**
 * In Node the builds are local modules, not downloads: init() imports every single-thread
 * build there, so that setBackend() can then switch to any of them synchronously (in a
 * browser, init(name) loads one build on demand).
 */
async function loadAllInNode(): Promise<void> {
  if (!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node) return;
  await Promise.all(Object.values(BUILD_OF).map((b) => loadBuild(b).catch(() => undefined)));
}

/** Whether a backend can be created synchronously now (its build is loaded). */
function loaded(name: BackendName): boolean {
  return name === 'js' || sources.has(BUILD_OF[name]);
}

/** Runs a few kernels on known inputs; false if any answer is off (or the module is not the build asked for). */
function knownAnswer(backend: Backend, features: number, exports: Record<string, unknown>): boolean {
  if ((exports.features as () => number)() !== features) return false;
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

function instantiate(name: WasmName, module: WebAssembly.Module): Backend {
  const mem = wasmMemory()!;
  const instance = new WebAssembly.Instance(module, { env: { memory: mem.memory } });
  const exports = instance.exports as Record<string, unknown>;
  const backend = new WasmBackend(name, exports, mem);
  if (!knownAnswer(backend, BUILDS[BUILD_OF[name]].features, exports)) {
    throw new Error(`${name} module computed wrong known answers`);
  }
  return backend;
}

const UNSUPPORTED: Record<WasmName, string> = {
  'wasm-relaxed-simd': 'this engine does not support WebAssembly relaxed SIMD',
  'wasm-simd': 'this engine does not support WebAssembly SIMD',
  wasm: 'the wasm module does not validate',
};

function precheck(name: WasmName, bytes: Uint8Array<ArrayBuffer>): void {
  if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
  if (!WebAssembly.validate(bytes)) throw new Error(UNSUPPORTED[name]);
}

/**
 * Creates (once) the named backend synchronously; throws with the reason if it cannot. A
 * build not loaded yet is not a failure (nothing is recorded): init() loads it.
 */
function create(name: BackendName): Backend {
  const existing = created.get(name);
  if (existing) return existing;
  if (failures.has(name)) throw new Error(failures.get(name));
  if (!loaded(name)) throw new Error(`the ${name} build is not loaded yet`);
  let backend: Backend;
  try {
    if (name === 'js') backend = jsBackend;
    else {
      const bytes = decode(sources.get(BUILD_OF[name])!);
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
    const bytes = decode(await loadBuild(BUILD_OF[name]));
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

/** The preference order: the environment's request first, then relaxed SIMD → SIMD → scalar → JS. */
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
  // Relaxed SIMD is an optional speed-up: an engine without it is no reason to warn, unless
  // it was asked for by name.
  const optional = (n: BackendName): boolean => n === 'wasm-relaxed-simd' && requested() !== n;
  const expected = candidates.filter((n) => !(optional(n) && failures.has(n)));
  if (chosen.name !== expected[0]) {
    const reasons = [...failures].filter(([n]) => !optional(n)).map(([, r]) => r);
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

/**
 * The backend for data of `x`'s type: float64 data always computes in JavaScript; float16
 * data computes in float32 on the active backend, staged chunk by chunk (./half.ts; a
 * recording pool gets the arrays as they are).
 */
export function backendFor(x: FloatArray): Backend {
  if (x instanceof Float32Array) return currentBackend();
  return x instanceof Float64Array ? jsBackend : override ?? halfBackendOf(currentBackend(), F16!);
}

/** The active backend, chosen synchronously on first use. */
export function currentBackend(): Backend {
  if (override) return override;
  if (active) return active;
  // Synchronously: the builds loaded so far (before init(): the SIMD build, and JS).
  const candidates = order().filter(loaded);
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

function checkName(fn: string, name: unknown): void {
  if (name !== 'auto' && (typeof name !== 'string' || !(BACKENDS as readonly string[]).includes(name))) {
    throw typeError(fn, `name must be one of ${BACKENDS.join(', ')}, auto; got ${describe(name)}`);
  }
}

/**
 * Forces a backend: 'wasm-relaxed-simd', 'wasm-simd', 'wasm' or 'js' (or 'auto' to choose
 * again). Throws a TypeError for an unknown name and an Error if the backend cannot run
 * here, or if its build is loaded on demand and not loaded yet (`await init(name)` loads it).
 */
export function setBackend(name: BackendName | 'auto'): BackendName {
  checkName('setBackend', name);
  if (name === 'auto') {
    active = undefined;
    pinned = false;
    return getBackend();
  }
  if (!loaded(name)) {
    throw new Error(`setBackend: the ${name} build is loaded on demand and not loaded yet; await init('${name}') loads and chooses it`);
  }
  active = create(name);
  pinned = true;
  choices++;
  return active.name;
}

/**
 * Loads and compiles asynchronously (where sync compile is restricted), then chooses: the
 * fastest build this engine runs (relaxed SIMD where it validates and passes the known
 * answers, else SIMD, scalar wasm, JS), unless setBackend() forced one. `init(name)` loads
 * and forces that backend instead (as setBackend, for builds loaded on demand).
 */
export async function init(name?: BackendName | 'auto'): Promise<BackendName> {
  if (name !== undefined) checkName('init', name);
  await loadAllInNode();
  if (name !== undefined) {
    if (name !== 'auto') {
      const backend = await createAsync(name);
      active = backend;
      pinned = true;
      choices++;
      return backend.name;
    }
    setBackend('auto');
  }
  if (!pinned) {
    const started = choices;
    const candidates = order();
    for (const candidate of candidates) {
      try {
        const backend = await createAsync(candidate);
        // A setBackend() or init(name) while this loaded and compiled wins.
        if (choices === started && !pinned) settle(backend, candidates);
        break;
      } catch {
        // recorded in failures; try the next one
      }
    }
  }
  return currentBackend().name;
}
