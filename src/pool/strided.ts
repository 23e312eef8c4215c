// Running a recorded strided step (softmax over a dimension that is not the last) on the
// workers, split over slabs × blocks of inner positions. Operands resident in the pool's
// shared memory run in place. Others go through staging windows, one at a time: whole slabs
// where a slab fits a window (contiguous copies), else a block of inner positions of one
// slab, gathered row by row into a compact [size × lanes] block and scattered back after.

import { moveBlock, type Strides } from '../backends/backend.js';
import type { WasmBuffer, WasmMemory } from '../memory.js';
import type { StridedJob } from './protocol.js';
import type { Step } from './record.js';
import type { Tuning } from './steps.js';
import type { JobSpec, Workers } from './workers.js';

/** The job over `slabs` slabs of the geometry at these addresses (inputs, then out). */
function job(step: Step, addrs: readonly number[], slabs: number, g: Omit<StridedJob, 'laneChunk' | 'blocks'>, tuning: Tuning, extra: Pick<JobSpec, 'call' | 'fault'>): JobSpec {
  // A unit is about one chunk of elements: a multiple of four lanes of the dimension.
  const fit = Math.floor(tuning.chunk / g.size);
  const laneChunk = Math.min(g.lanes, Math.max(4, fit - (fit % 4)));
  const blocks = Math.ceil(g.lanes / laneChunk);
  const units = slabs * blocks;
  return {
    kind: 'strided', kernel: step.kernel, a: step.a, b: step.b,
    inputs: addrs.slice(0, -1).map((addr) => ({ addr })), out: addrs[addrs.length - 1]!,
    widths: [], outWidth: 0, units, chunkUnits: 1, chunks: units,
    strided: { ...g, laneChunk, blocks }, ...extra,
  };
}

/** Runs a strided step; false (nothing done) where staging does not fit the shared memory. */
export async function runStridedStep(
  step: Step, mem: WasmMemory, workers: Workers, tuning: Tuning, extra: Pick<JobSpec, 'call' | 'fault'> = {},
): Promise<boolean> {
  const { slabs, size, inner } = step.strides as Strides;
  const slab = size * inner;
  const arrays = [...(step.inputs as Float32Array[]), step.out];
  if (arrays.every((a) => mem.isResident(a))) {
    await workers.run(job(step, arrays.map((a) => a.byteOffset), slabs, { size, lanes: inner, stride: inner, slabStride: slab }, tuning, extra));
    return true;
  }
  // Windows: whole slabs, or a block of lanes of one slab.
  const whole = slab <= tuning.window;
  const per = whole ? Math.floor(tuning.window / slab) : Math.max(1, Math.floor(tuning.window / size));
  const elements = whole ? per * slab : per * size;
  // One staging buffer per distinct array (out may be an input: in place).
  const same = (a: Float32Array, b: Float32Array): boolean =>
    a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;
  const distinct = arrays.filter((a, i) => arrays.findIndex((b) => same(a, b)) === i);
  const buffers: WasmBuffer[] = [];
  try {
    for (let i = 0; i < distinct.length; i++) buffers.push(mem.allocate(elements, true));
  } catch (e) {
    buffers.forEach((b) => b.dispose());
    if (e instanceof RangeError) return false;
    throw e;
  }
  const bufferOf = (a: Float32Array): WasmBuffer => buffers[distinct.findIndex((b) => same(a, b))]!;
  try {
    for (let k = 0; k < slabs; k += whole ? per : 1) {
      const slabsHere = whole ? Math.min(per, slabs - k) : 1;
      for (let l = 0; l < inner; l += whole ? inner : per) {
        const lanes = whole ? inner : Math.min(per, inner - l);
        const heap = mem.heap();
        // Copies block (k, l) of `a` into (or out of) its staging buffer.
        const move = (a: Float32Array, into: boolean): void =>
          moveBlock(heap, a, bufferOf(a).byteOffset >> 2, into, whole, k, l, lanes, slabsHere, size, inner);
        for (const a of step.inputs as Float32Array[]) move(a, true);
        const g = whole ? { size, lanes: inner, stride: inner, slabStride: slab } : { size, lanes, stride: lanes, slabStride: 0 };
        await workers.run(job(step, arrays.map((a) => bufferOf(a).byteOffset), slabsHere, g, tuning, extra));
        move(step.out, false);
      }
    }
  } finally {
    buffers.forEach((b) => b.dispose());
  }
  return true;
}
