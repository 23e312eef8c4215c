// Running one recorded step on the workers. Operands resident in the pool's shared memory
// (pool.allocate() buffers) are used in place. Other arrays are streamed: copied into
// staging windows of the shared memory in large blocks, computed there and copied back,
// with two windows in flight so that the calling thread copies window k+1 in and k-1 out
// while the workers compute window k. Generated operands travel as recipes; one without a
// recipe is filled into staging by the calling thread like a streamed input.

import { isGenerated, type Generated } from '../backends/backend.js';
import type { WasmBuffer, WasmMemory } from '../memory.js';
import type { JobOperand } from './protocol.js';
import type { Step } from './record.js';
import { runStridedStep } from './strided.js';
import type { JobSpec, Workers } from './workers.js';

export interface Tuning {
  /**
   * Elements per chunk that a worker claims (whole units; at least one unit): about 1/16 of
   * a worker's share of the job, within [chunk, maxChunk].
   */
  readonly chunk: number;
  readonly maxChunk: number;
  /** Elements per staging window of a streamed operand (whole units; at least one unit). */
  readonly window: number;
}

/** A streamed operand: its staging buffers (one per window in flight). */
interface Staged {
  readonly source: Float32Array | Generated;
  readonly width: number;
  /** Copied in before each window (inputs), copied out after it (the output). */
  load: boolean;
  store: boolean;
  readonly buffers: WasmBuffer[];
}

type Place = { readonly addr: number } | { readonly generated: Generated } | { readonly staged: Staged };

const ignore = (): void => undefined;

function sameRange(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;
}

/** Where each operand (inputs, then the output) lives for the workers. */
function place(step: Step, mem: WasmMemory): { places: Place[]; staged: Staged[] } {
  const staged: Staged[] = [];
  const operands = [...step.inputs, step.out];
  const places = operands.map((o, k): Place => {
    const width = k < step.inputs.length ? step.widths[k]! : step.outWidth;
    const isOut = k === step.inputs.length;
    if (isGenerated(o)) {
      if (o.recipe) return { generated: o };
      const s: Staged = { source: o, width, load: true, store: false, buffers: [] };
      staged.push(s);
      return { staged: s };
    }
    const a = o as Float32Array; // the recorder passes float32 arrays only
    if (mem.isResident(a)) return { addr: a.byteOffset };
    // The same array twice (in place: out is x) shares its staging.
    let s = staged.find((e) => !isGenerated(e.source) && sameRange(e.source, a) && e.width === width);
    if (!s) {
      s = { source: a, width, load: false, store: false, buffers: [] };
      staged.push(s);
    }
    if (isOut) s.store = true;
    else s.load = true;
    return { staged: s };
  });
  return { places, staged };
}

/** Smallest staging window tried (elements) before a step gives up for lack of memory. */
const MIN_WINDOW = 1 << 13;

/**
 * Runs `step` on the workers; `extra.call` names the row-wise function for long rows.
 * Staging windows shrink to fit the shared memory that is left; false (nothing done)
 * when not even the smallest fits.
 */
export async function runStep(
  step: Step, mem: WasmMemory, workers: Workers, tuning: Tuning, extra: Pick<JobSpec, 'call' | 'fault'> = {},
): Promise<boolean> {
  if (step.kind === 'strided') return runStridedStep(step, mem, workers, tuning, extra);
  const { places, staged } = place(step, mem);
  const widths = [...step.widths, step.outWidth];
  const maxWidth = Math.max(...widths);
  const units = step.units;
  let perWindow = staged.length ? Math.max(1, Math.floor(tuning.window / maxWidth)) : units;
  // Staging buffers: two windows in flight per streamed operand, smaller until they fit.
  for (;;) {
    try {
      const count = Math.min(2, Math.ceil(units / perWindow));
      for (const s of staged) for (let i = 0; i < count; i++) s.buffers.push(mem.allocate(perWindow * s.width, true));
      break;
    } catch (e) {
      for (const s of staged) s.buffers.splice(0).forEach((b) => b.dispose());
      if (!(e instanceof RangeError)) throw e;
      if (perWindow * maxWidth <= MIN_WINDOW || perWindow === 1) return false;
      perWindow = Math.max(1, Math.floor(perWindow / 2));
    }
  }
  const windows = Math.ceil(units / perWindow);
  const share = Math.min(units, perWindow) * maxWidth / (16 * Math.max(1, workers.readyCount));
  const chunk = Math.min(tuning.maxChunk, Math.max(tuning.chunk, 2 ** Math.floor(Math.log2(Math.max(1, share)))));
  const chunkUnits = Math.max(1, Math.floor(chunk / maxWidth));
  const range = (k: number): [number, number] => [k * perWindow, Math.min(perWindow, units - k * perWindow)];

  const operand = (p: Place, w: number, k: number, u0: number): JobOperand => {
    if ('addr' in p) return { addr: p.addr + u0 * w * 4 };
    if ('generated' in p) return { recipe: p.generated.recipe!, start: u0 * w };
    return { addr: p.staged.buffers[k % 2]!.byteOffset };
  };
  const job = (k: number): JobSpec => {
    const [u0, count] = range(k);
    const ops = places.map((p, i) => operand(p, widths[i]!, k, u0));
    return {
      kind: step.kind, kernel: step.kernel, a: step.a, b: step.b,
      inputs: ops.slice(0, -1), widths: step.widths, out: (ops[ops.length - 1] as { addr: number }).addr,
      outWidth: step.outWidth, units: count, chunkUnits, chunks: Math.ceil(count / chunkUnits), ...extra,
    };
  };
  /** Calls f(s, heap view of window k's staging, first element) for the staged operands that `take`. */
  const each = (k: number, take: (s: Staged) => boolean, f: (s: Staged, at: Float32Array, lo: number) => void): void => {
    const [u0, count] = range(k);
    const heap = mem.heap();
    for (const s of staged) {
      if (!take(s)) continue;
      const at = s.buffers[k % 2]!.byteOffset >> 2;
      f(s, heap.subarray(at, at + count * s.width), u0 * s.width);
    }
  };
  const copyIn = (k: number): void => each(k, (s) => s.load, (s, at, lo) => {
    if (isGenerated(s.source)) s.source.fill(at, lo);
    else at.set(lo === 0 && at.length === s.source.length ? s.source : s.source.subarray(lo, lo + at.length));
  });
  const copyOut = (k: number): void => each(k, (s) => s.store, (s, at, lo) => (s.source as Float32Array).set(at, lo));

  const inFlight: Promise<void>[] = [];
  try {
    const launch = (k: number): void => {
      copyIn(k);
      const p = workers.run(job(k));
      p.catch(ignore);
      inFlight[k % 2] = p;
    };
    launch(0);
    if (windows > 1) launch(1);
    for (let k = 0; k < windows; k++) {
      await inFlight[k % 2];
      copyOut(k);
      if (k + 2 < windows) launch(k + 2);
    }
  } catch (e) {
    // Staging is reused only when no worker writes to it any more.
    await Promise.allSettled(inFlight);
    throw e;
  } finally {
    for (const s of staged) for (const b of s.buffers) b.dispose();
  }
  return true;
}
