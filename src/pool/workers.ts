// The pool's workers: starting them, handing each job to every ready one, collecting
// their answers, replacing a worker that dies, and closing. A job settles once every
// worker it was given has answered (or died): only then is nothing writing for it any
// more, so its call may reject or resolve and its staging memory be reused.

import { deserializeError, type FromWorker, type Job, type WorkerInit } from './protocol.js';
import type { Spawn, Thread } from './spawn.js';

/** Job counters: Int32s 64 bytes apart (no false sharing), reused once a job settles. */
export const COUNTERS = 64;
export const COUNTER_STRIDE = 64;

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
  readonly counter: number;
  readonly chunks: number;
  readonly waiting: Set<Member>;
  error?: Error;
  resolve(): void;
  reject(e: Error): void;
}

export type JobSpec = Omit<Job, 'type' | 'id' | 'counter'>;

export class Workers {
  private readonly members: Member[];
  private readonly jobs = new Map<number, Pending>();
  private readonly freeCounters: number[] = [];
  private nextId = 1;
  private closed: Error | undefined;
  private busy = true;
  private readyWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  private counterView: Int32Array;

  /**
   * `inits[i]` starts worker i; `control` is the byte address of COUNTERS·COUNTER_STRIDE
   * bytes of shared memory for the job counters.
   */
  constructor(
    private readonly spawn: Spawn, private readonly inits: readonly WorkerInit[], private readonly control: number,
    private readonly onCrash: (index: number, error: Error) => void,
  ) {
    this.members = inits.map((_, index) => ({ index, ready: false, generation: 0, failedStarts: 0, jobs: new Set() }));
    for (let i = COUNTERS - 1; i >= 0; i--) this.freeCounters.push(i);
    this.counterView = new Int32Array(inits[0]!.memory.buffer, control, (COUNTERS * COUNTER_STRIDE) / 4);
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
      for (const p of m.jobs) {
        p.error ??= crash;
        Atomics.store(this.counterView, this.counterIndex(p.counter), p.chunks);
        this.answered(p, m);
      }
      m.jobs.clear();
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
        } else {
          const p = this.jobs.get(msg.id);
          if (!p || !m.jobs.delete(p)) return;
          if (msg.type === 'error') p.error ??= deserializeError(msg.error);
          this.answered(p, m);
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

  private counterIndex(address: number): number {
    return (address - this.control) / 4;
  }

  private answered(p: Pending, m: Member): void {
    p.waiting.delete(m);
    if (p.waiting.size > 0) return;
    this.jobs.delete(p.id);
    this.freeCounters.push((p.counter - this.control) / COUNTER_STRIDE);
    if (p.error) p.reject(p.error);
    else p.resolve();
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
    const slot = this.freeCounters.pop();
    if (slot === undefined) throw new Error('wasm-activations pool: too many jobs in flight');
    const counter = this.control + slot * COUNTER_STRIDE;
    Atomics.store(this.counterView, this.counterIndex(counter), 0);
    const id = this.nextId++;
    const job: Job = { ...spec, type: 'job', id, counter };
    // No more workers than chunks: the others would only answer that there is nothing left.
    const ready = this.members.filter((m) => m.ready).slice(0, Math.max(1, job.chunks));
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { id, counter, chunks: job.chunks, waiting: new Set(ready), resolve, reject };
      this.jobs.set(id, p);
      for (const m of ready) {
        m.jobs.add(p);
        m.thread!.post(job);
      }
    });
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
