// The pool's workers: starting them, handing each job to the ready ones, collecting their
// answers, replacing a worker that dies, and closing. A job settles once every worker it
// was given has answered (or died): only then is nothing writing for it any more, so its
// call may reject or resolve and its staging memory be reused.
//
// Jobs go out by message; answers come back through shared memory: each worker sets its
// state word in the job's slot and bumps SIGNAL, which the pool awaits with
// Atomics.waitAsync (a message back costs ~100 µs more per call on a busy event loop).
// Errors come by message, and where waitAsync is missing, so does every answer.

import {
  DONE, HEADER_INTS, JOB_SLOTS, SIGNAL, STATE_INTS, deserializeError, slotInts, type FromWorker, type Job, type WorkerInit,
} from './protocol.js';
import type { Spawn, Thread } from './spawn.js';

interface Member {
  readonly index: number;
  thread?: Thread;
  ready: boolean;
  /** Bumped whenever the thread is replaced: events of older threads are ignored. */
  generation: number;
  /** Starts that failed in a row (a worker that cannot start is not restarted forever). */
  failedStarts: number;
  readonly jobs: Set<Pending>;
}

interface Pending {
  readonly id: number;
  /** Index (in Int32s of the control view) of the job's slot. */
  readonly base: number;
  readonly slot: number;
  readonly chunks: number;
  readonly waiting: Set<Member>;
  error?: Error;
  resolve(): void;
  reject(e: Error): void;
}

export type JobSpec = Omit<Job, 'type' | 'id' | 'slot' | 'workers'>;

type WaitAsync = (a: Int32Array, i: number, v: number, timeout?: number) => { async: boolean; value: Promise<unknown> | string };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Whether workers must also answer by message (no Atomics.waitAsync here). */
export const DONE_MESSAGES = typeof waitAsync !== 'function';

export class Workers {
  private readonly members: Member[];
  private readonly jobs = new Map<number, Pending>();
  private readonly freeSlots: number[] = [];
  private nextId = 1;
  private closed: Error | undefined;
  private busy = true;
  private watching = false;
  private readyWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  private readonly view: Int32Array;
  private readonly slotInts: number;

  /** `inits[i]` starts worker i; they share one control block (protocol.ts) at inits[0].control. */
  constructor(
    private readonly spawn: Spawn, private readonly inits: readonly WorkerInit[],
    private readonly onCrash: (index: number, error: Error) => void,
  ) {
    this.members = inits.map((_, index) => ({ index, ready: false, generation: 0, failedStarts: 0, jobs: new Set() }));
    for (let i = JOB_SLOTS - 1; i >= 0; i--) this.freeSlots.push(i);
    this.slotInts = slotInts(inits.length);
    const init = inits[0]!;
    this.view = new Int32Array(init.memory.buffer, init.control, HEADER_INTS + JOB_SLOTS * this.slotInts);
  }

  /** Starts every worker; resolves when all are ready, rejects with the first failure. */
  start(): Promise<void> {
    const all = this.members.map((m) => new Promise<void>((resolve, reject) => this.launch(m, resolve, reject)));
    return Promise.all(all).then(() => undefined);
  }

  /** Workers able to take jobs now. */
  get readyCount(): number {
    return this.members.filter((m) => m.ready).length;
  }

  /** Starts member m's thread; `started`/`failed` report the first start (createPool waits on it). */
  private launch(m: Member, started?: () => void, failed?: (e: Error) => void): void {
    const generation = ++m.generation;
    const current = (): boolean => m.generation === generation && !this.closed;
    let thread: Thread | undefined;
    const fail = (e: Error): void => {
      if (!current()) return;
      const wasReady = m.ready;
      m.ready = false;
      m.generation++;
      m.thread = undefined;
      void thread?.terminate().catch(() => undefined);
      const crash = new Error(`wasm-activations pool: worker ${m.index} ${wasReady ? 'crashed' : 'failed to start'}: ${e.message}`, { cause: e });
      for (const p of [...m.jobs]) {
        // Its part may be finished already; if not, the chunk it held is lost: stop the others.
        if (Atomics.load(this.view, p.base + STATE_INTS + m.index) === DONE) {
          this.answered(p, m);
        } else {
          Atomics.store(this.view, p.base, p.chunks);
          this.answered(p, m, crash);
        }
      }
      if (failed) {
        failed(crash);
        return;
      }
      this.onCrash(m.index, crash);
      if (!wasReady) m.failedStarts++;
      if (m.failedStarts < 3) this.launch(m);
      else if (this.members.every((x) => !x.ready && x.failedStarts >= 3)) this.wake(crash);
    };
    const events = {
      message: (msg: FromWorker) => {
        if (!current()) return;
        if (msg.type === 'ready') {
          m.ready = true;
          m.failedStarts = 0;
          if (!this.busy) thread?.unref();
          started?.();
          started = undefined;
          failed = undefined;
          this.wake();
        } else if (msg.type === 'failed') {
          fail(deserializeError(msg.error));
        } else if (msg.type === 'error') {
          const p = this.jobs.get(msg.id);
          if (p) this.answered(p, m, deserializeError(msg.error));
        } else {
          this.check();
        }
      },
      failure: fail,
    };
    try {
      thread = this.spawn(this.inits[m.index]!, events);
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    m.thread = thread;
    if (!this.busy) thread.unref();
  }

  /** Member m's answer to p (an error, or done). */
  private answered(p: Pending, m: Member, error?: Error): void {
    if (!p.waiting.delete(m)) return;
    m.jobs.delete(p);
    if (error) p.error ??= error;
    if (p.waiting.size > 0) return;
    this.jobs.delete(p.id);
    this.freeSlots.push(p.slot);
    if (p.error) p.reject(p.error);
    else p.resolve();
  }

  /** Settles what the state words say is done. */
  private check(): void {
    for (const p of [...this.jobs.values()]) {
      for (const m of [...p.waiting]) if (Atomics.load(this.view, p.base + STATE_INTS + m.index) === DONE) this.answered(p, m);
    }
  }

  /** Awaits SIGNAL while jobs are in flight (one loop at a time). */
  private watch(): void {
    if (this.watching || !waitAsync) return;
    this.watching = true;
    const loop = async (): Promise<void> => {
      while (this.jobs.size > 0 && !this.closed) {
        const seen = Atomics.load(this.view, SIGNAL);
        this.check();
        if (this.jobs.size === 0) break;
        // The timeout bounds the wait where a job settles some other way (a crash, close).
        const r = waitAsync(this.view, SIGNAL, seen, 100);
        if (r.async) await r.value;
      }
      this.watching = false;
    };
    void loop();
  }

  private wake(error?: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) (error ? w.reject(error) : w.resolve());
  }

  private whenReady(): Promise<void> {
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Runs a job on the ready workers (waiting for one if none is); settles when all have answered. */
  async run(spec: JobSpec): Promise<void> {
    while (!this.closed && this.readyCount === 0) await this.whenReady();
    if (this.closed) throw this.closed;
    const slot = this.freeSlots.pop();
    if (slot === undefined) throw new Error('wasm-activations pool: too many jobs in flight');
    const base = HEADER_INTS + slot * this.slotInts;
    this.view.fill(0, base, base + this.slotInts);
    const id = this.nextId++;
    // No more workers than chunks: the others would only answer that there is nothing left.
    const ready = this.members.filter((m) => m.ready).slice(0, Math.max(1, spec.chunks));
    const job: Job = { ...spec, type: 'job', id, slot: this.view.byteOffset + base * 4, workers: ready.length };
    const settled = new Promise<void>((resolve, reject) => {
      const p: Pending = { id, base, slot, chunks: job.chunks, waiting: new Set(ready), resolve, reject };
      this.jobs.set(id, p);
      for (const m of ready) {
        m.jobs.add(p);
        m.thread!.post(job);
      }
    });
    this.watch();
    return settled;
  }

  /** Node: workers keep the process alive only while there is work. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    for (const m of this.members) (busy ? m.thread?.ref() : m.thread?.unref());
  }

  /** Test hook: worker `index` dies during its next job. */
  crash(index: number): void {
    this.members[index]?.thread?.post({ type: 'crash' });
  }

  /** Stops every worker; jobs in flight reject with `reason` once the workers are gone. */
  async close(reason: Error): Promise<void> {
    if (this.closed) return;
    this.closed = reason;
    const threads = this.members.map((m) => m.thread).filter((t): t is Thread => t !== undefined);
    for (const m of this.members) {
      m.generation++;
      m.ready = false;
      m.thread = undefined;
      m.jobs.clear();
    }
    await Promise.allSettled(threads.map((t) => t.terminate()));
    for (const p of this.jobs.values()) p.reject(reason);
    this.jobs.clear();
    this.wake(reason);
  }
}
