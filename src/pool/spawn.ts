// Starting pool workers: worker_threads in Node, module Web Workers in browsers (only where
// the page is cross-origin isolated, since shared memory needs it). Bundlers (vite,
// webpack) see the browser worker through the `new Worker(new URL('./worker.js',
// import.meta.url), { type: 'module' })` pattern; the Node branch is hidden from them.

import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** A started worker. */
export interface Thread {
  post(m: ToWorker): void;
  terminate(): Promise<void>;
  /** Node: whether the worker keeps the process alive (no-ops in browsers). */
  ref(): void;
  unref(): void;
}

export interface ThreadEvents {
  message(m: FromWorker): void;
  /** The worker died or reported an uncaught error. */
  failure(e: Error): void;
}

export type Spawn = (init: WorkerInit, events: ThreadEvents) => Thread;

/** Where threads can run, or why not. */
export type Environment =
  | { readonly kind: 'node' | 'browser'; readonly spawn: Spawn; readonly cores: number }
  | { readonly kind: 'none'; readonly reason: string };

interface NodeWorker {
  on(event: 'message', f: (m: FromWorker) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  on(event: 'exit', f: (code: number) => void): void;
  postMessage(m: unknown): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

type NodeWorkerConstructor = new (url: URL, options: { workerData: unknown; execArgv?: string[] }) => NodeWorker;

/** import() of a Node built-in that bundlers leave alone. */
function nodeImport<T>(specifier: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<T>;
}

async function nodeEnvironment(): Promise<Environment> {
  const [{ Worker }, os] = await Promise.all([
    nodeImport<{ Worker: NodeWorkerConstructor }>('node:worker_threads'),
    nodeImport<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os'),
  ]);
  const file = './worker-node.js';
  const url = new URL(/* webpackIgnore: true */ /* @vite-ignore */ file, import.meta.url);
  // Workers inherit the process's Node options, except those that only apply to its main
  // script (a worker started from `node --input-type=module -e …` would fail on it).
  // Options a worker refuses (V8 flags such as --expose-gc, per-process ones) make Node
  // throw ERR_WORKER_INVALID_EXEC_ARGV: workers then start with none (V8 flags are
  // process-wide, so they apply to workers anyway).
  let execArgv = ((globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [])
    .filter((a) => !a.startsWith('--input-type'));
  const create = (init: WorkerInit): NodeWorker => {
    try {
      return new Worker(url, { workerData: init, execArgv });
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || execArgv.length === 0) throw e;
      execArgv = [];
      return new Worker(url, { workerData: init, execArgv });
    }
  };
  const spawn: Spawn = (init, events) => {
    const w = create(init);
    w.on('message', (m) => events.message(m));
    w.on('error', (e) => events.failure(e));
    w.on('exit', (code) => events.failure(new Error(`the worker exited with code ${code}`)));
    return {
      post: (m) => w.postMessage(m),
      terminate: async () => {
        await w.terminate();
      },
      ref: () => w.ref(),
      unref: () => w.unref(),
    };
  };
  return { kind: 'node', spawn, cores: os.availableParallelism?.() ?? os.cpus().length };
}

function browserEnvironment(): Environment {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  if (g.crossOriginIsolated !== true) {
    return {
      kind: 'none',
      reason: 'this page is not cross-origin isolated, so shared memory is unavailable (serve it with the headers ' +
        'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    };
  }
  const spawn: Spawn = (init, events) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => events.message(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      events.failure(new Error(e.message || 'the worker script failed to load or threw'));
    };
    w.onmessageerror = () => events.failure(new Error('a message from the worker could not be read'));
    w.postMessage({ type: 'init', init } satisfies ToWorker);
    return {
      post: (m) => w.postMessage(m),
      terminate: async () => w.terminate(),
      ref: () => {},
      unref: () => {},
    };
  };
  return { kind: 'browser', spawn, cores: browserThreads(g.navigator?.hardwareConcurrency, webKit()) };
}

/** Most workers a browser pool starts by default: the kernels are memory-bound past that. */
const MAX_BROWSER_THREADS = 8;

/**
 * The default pool size in a browser. navigator.hardwareConcurrency is all a page learns
 * about cores, and WebKit rounds it up to 4 or 8 whatever the machine has (it reported 4 on
 * a 2-core machine): there, half of it. Never more than MAX_BROWSER_THREADS.
 */
export function browserThreads(hardwareConcurrency: number | undefined, isWebKit: boolean): number {
  const reported = Number.isInteger(hardwareConcurrency) && hardwareConcurrency! > 0 ? hardwareConcurrency! : 1;
  return Math.max(1, Math.min(MAX_BROWSER_THREADS, isWebKit ? Math.floor(reported / 2) : reported));
}

/** WebKit (Safari's engine, and every iOS browser): AppleWebKit without Chromium's or Firefox's tokens. */
function webKit(): boolean {
  const ua = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? '';
  return /AppleWebKit/.test(ua) && !/Chrome|Chromium|Edg|Firefox|FxiOS|CriOS/.test(ua);
}

/** The threads this runtime offers. */
export async function environment(): Promise<Environment> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const browser = !node && typeof Worker === 'function';
  // Browsers hide SharedArrayBuffer from pages that are not cross-origin isolated: say that first.
  if (browser && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) return browserEnvironment();
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    // WebKit reports crossOriginIsolated yet gives pages no SharedArrayBuffer: the engine is why, not the headers.
    const reason = browser
      ? `this page is cross-origin isolated, but ${webKit() ? 'WebKit (Safari\'s engine)' : 'this browser'} provides no ` +
        'SharedArrayBuffer to it, so shared memory is unavailable (the COOP/COEP headers are right; the engine is why)'
      : 'SharedArrayBuffer is unavailable here';
    return { kind: 'none', reason };
  }
  if (node) return nodeEnvironment();
  if (!browser) return { kind: 'none', reason: 'Web Workers are unavailable here' };
  return browserEnvironment();
}
