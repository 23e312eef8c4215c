// The work loop of a pool worker (Node and browsers alike): instantiate the threads
// module on the pool's shared memory, then run jobs by claiming chunks from their counter
// and computing each with the same WasmBackend code the single-thread backends use.
// Workers never allocate: every address comes from the pool, including three scratch slots
// of the worker's own (for generated operands and long rows).

import type { ElementOp, Generated, Operand, PairOp, RowOp, StridedOp, TripleOp } from '../backends/backend.js';
import { withBackend } from '../backends/loader.js';
import { FEATURES } from '../generated/kernels.js';
import { WasmBackend, type Arena } from '../backends/wasm.js';
import { sampledSlopes } from '../structured/random.js';
import { channelValues } from '../channels.js';
import { STRUCTURED_FUNCTIONS } from '../structured/index.js';
import {
  DONE, FAILED, SIGNAL, STATE_INTS, deserializeError, serializeError, type FromWorker, type Job, type StridedJob, type ToWorker,
  type WorkerInit,
} from './protocol.js';

/** The shared memory as the WasmBackend sees it: views of any of its sizes are resident. */
class SharedArena implements Arena {
  private buffer: ArrayBufferLike;
  private view: Float32Array;
  private readonly known = new WeakSet<ArrayBufferLike>();

  constructor(private readonly memory: WebAssembly.Memory, readonly slots: readonly number[]) {
    this.buffer = memory.buffer;
    this.view = new Float32Array(this.buffer);
    this.known.add(this.buffer);
  }

  /** The memory's buffer at its current size (another thread may have grown it). */
  current(): ArrayBufferLike {
    const b = this.memory.buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.view = new Float32Array(b);
      this.known.add(b);
    }
    return b;
  }

  heap(): Float32Array {
    this.current();
    return this.view;
  }

  isResident(a: ArrayBufferView): boolean {
    return this.known.has(a.buffer);
  }
}

/** Constructors of generated operands that jobs may name (GeneratedRecipe). */
const RECIPES: Record<string, (...args: never[]) => Generated> = { sampledSlopes, channelValues };

/** A view of elements [start, start + length) of a generated operand. */
function slice(g: Generated, start: number, length: number): Generated {
  return { length, fill: (dst, s) => g.fill(dst, start + s) };
}

const unused = (): number => Number.NaN;
const unusedStrided = (): void => undefined;

/** The public function (or method) a row job names. */
function rowFunction(call: NonNullable<Job['call']>): (...args: unknown[]) => unknown {
  const fn = STRUCTURED_FUNCTIONS.get(call.name) as unknown as Record<string, (...args: unknown[]) => unknown> & ((...args: unknown[]) => unknown);
  if (!fn) throw new Error(`wasm-activations pool: unknown row function ${call.name}`);
  return call.method === 'forward' ? fn : fn[call.method]!;
}

/**
 * Instantiates the module and returns the message handler. `post` sends to the pool.
 * Throws if the module cannot run here (the caller reports 'failed').
 */
export function startWorker(init: WorkerInit, post: (m: FromWorker) => void): (m: ToWorker) => void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const exports = instance.exports as Record<string, unknown>;
  if ((exports.features as () => number)() !== init.features) throw new Error('the threads module is not the build the pool chose');
  const arena = new SharedArena(init.memory, init.slots);
  const backend = new WasmBackend(init.features & FEATURES.relaxed ? 'wasm-relaxed-simd' : 'wasm-simd', exports, arena);
  let crashNext = false;

  /** Units [u, u + count) of a strided job: each a block of lanes of one slab, in place in the shared memory. */
  const stridedChunk = (job: Job, g: StridedJob, u: number, count: number): void => {
    const buffer = arena.current();
    const op = { kernel: job.kernel, js: unusedStrided, a: job.a, b: job.b } as StridedOp;
    for (let unit = u; unit < u + count; unit++) {
      const l0 = (unit % g.blocks) * g.laneChunk;
      const lanes = Math.min(g.laneChunk, g.lanes - l0);
      const at = (Math.floor(unit / g.blocks) * g.slabStride + l0) * 4;
      const span = (g.size - 1) * g.stride + lanes;
      const view = (addr: number) => new Float32Array(buffer, addr + at, span);
      const inputs = job.inputs.map((o) => view((o as { addr: number }).addr));
      backend.strided(op, inputs, view(job.out), { slabs: 1, size: g.size, inner: g.stride, lanes });
    }
  };

  const chunk = (job: Job, generated: (Generated | undefined)[], u: number, count: number): void => {
    if (job.strided) {
      stridedChunk(job, job.strided, u, count);
      return;
    }
    const buffer = arena.current();
    const inputs: Operand[] = job.inputs.map((o, k) => {
      const w = job.widths[k]!;
      return 'addr' in o ? new Float32Array(buffer, o.addr + u * w * 4, count * w) : slice(generated[k]!, o.start + u * w, count * w);
    });
    const out = new Float32Array(buffer, job.out + u * job.outWidth * 4, count * job.outWidth);
    // The recorder took job.kernel from an op of job.kind, so the casts below hold.
    const op = { kernel: job.kernel, js: unused, a: job.a, b: job.b };
    switch (job.kind) {
      case 'map': backend.map(op as ElementOp, inputs[0] as Float32Array, out); break;
      case 'map2': backend.map2(op as PairOp, inputs[0]!, inputs[1]!, out); break;
      case 'map3': backend.map3(op as TripleOp, inputs[0]!, inputs[1]!, inputs[2]!, out); break;
      case 'rows': {
        // The row length is that of the last input (x), as the row-wise functions count it.
        const rowLength = job.widths[job.widths.length - 1]!;
        if (rowLength <= backend.maxRowLength) backend.rows(op as RowOp, inputs as Float32Array[], out, count);
        else withBackend(backend, () => rowFunction(job.call!)(...inputs, { rowLength, out }));
        break;
      }
    }
  };

  const control = new Int32Array(arena.current(), init.control, 1);
  const state = STATE_INTS + init.index;
  const run = (job: Job): void => {
    const slot = new Int32Array(arena.current(), job.slot, state + 1);
    // The last worker through wakes the pool (a notify of an async waiter costs ~0.1 ms here).
    const finish = (): void => {
      if (Atomics.add(slot, 1, 1) + 1 < job.workers) return;
      Atomics.add(control, SIGNAL, 1);
      Atomics.notify(control, SIGNAL);
    };
    try {
      const generated = job.inputs.map((o) => ('recipe' in o ? RECIPES[o.recipe.name]!(...(o.recipe.args as never[])) : undefined));
      for (let c = Atomics.add(slot, 0, 1); c < job.chunks; c = Atomics.add(slot, 0, 1)) {
        if (job.fault) throw deserializeError(job.fault);
        const u = c * job.chunkUnits;
        chunk(job, generated, u, Math.min(job.chunkUnits, job.units - u));
      }
    } catch (e) {
      Atomics.store(slot, 0, job.chunks); // the others stop claiming: the call fails anyway
      Atomics.store(slot, state, FAILED);
      post({ type: 'error', id: job.id, error: serializeError(e) });
      finish();
      return;
    }
    Atomics.store(slot, state, DONE);
    finish();
    if (init.doneMessages) post({ type: 'done', id: job.id });
  };

  post({ type: 'ready' });
  return (m) => {
    if (m.type === 'crash') {
      crashNext = true;
    } else if (m.type === 'job') {
      if (crashNext) {
        // Test hook: a chunk claimed and never finished, and an error nobody catches.
        Atomics.add(new Int32Array(arena.current(), m.slot, 1), 0, 1);
        throw new Error('wasm-activations pool: simulated worker crash');
      }
      run(m);
    }
  };
}

/** Wires startWorker to a port: the first message is 'init'; startup failures are reported. */
export function serve(
  post: (m: FromWorker) => void, listen: (handler: (m: ToWorker) => void) => void, init?: WorkerInit,
): void {
  let handler: ((m: ToWorker) => void) | undefined;
  const start = (i: WorkerInit): void => {
    try {
      handler = startWorker(i, post);
    } catch (e) {
      post({ type: 'failed', error: serializeError(e) });
    }
  };
  if (init) start(init);
  listen((m) => {
    if (m.type === 'init') start(m.init);
    else handler?.(m);
  });
}
