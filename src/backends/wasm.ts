// The wasm backends (SIMD and scalar share this code; only the module differs).
// Each operand is either resident in wasm memory (an allocate() buffer: used in place)
// or streamed: copied (or, for generated operands, filled) through a fixed scratch slot
// in chunks, so any length works and memory never grows for it. Row operations stream
// chunks of whole rows; rows longer than a slot are composed by the caller
// (maxRowLength). Reductions always run chunk by chunk, resident or not, so that the
// float64 partial sums are added in the same order on both paths (bitwise-equal results).

import {
  isGenerated, type Backend, type BackendName, type ElementOp, type Operand, type PairOp, type ReduceOp,
  type RowOp, type TripleOp,
} from './backend.js';
import { CHUNK, type WasmMemory } from '../memory.js';

type Kernel = (...args: number[]) => number;

/** Per-chunk placement of the operands of one call. */
class Staging {
  private readonly heap: Float32Array;
  private readonly resident: boolean[];
  private readonly slot: number[];
  readonly allResident: boolean;

  /**
   * Streamed operands take the scratch slots in order. `outWidth`, if given, is the output's
   * row width: the output then reuses the slot of the first streamed input at least that
   * wide (kernels may write in place over such an input), or the next free slot.
   */
  constructor(
    private readonly mem: WasmMemory, private readonly operands: readonly Operand[],
    private readonly widths: readonly number[], out?: Float32Array, outWidth = 1,
  ) {
    this.heap = mem.heap();
    this.resident = operands.map((o) => !isGenerated(o) && mem.isResident(o));
    const slots = mem.slots;
    let next = 0;
    this.slot = this.resident.map((r) => (r ? -1 : slots[next++]!));
    if (out) {
      const outResident = mem.isResident(out);
      this.resident.push(outResident);
      this.widths = [...widths, outWidth];
      let s = -1;
      if (!outResident) {
        const k = this.slot.findIndex((p, i) => p >= 0 && widths[i]! >= outWidth);
        s = k >= 0 ? this.slot[k]! : slots[next++]!;
      }
      this.slot.push(s);
      this.operands = [...operands, out];
    }
    this.allResident = this.resident.every(Boolean);
  }

  /** Units (rows, or elements) per chunk: as many whole ones as fit in a slot. */
  get unitsPerChunk(): number {
    return Math.max(1, Math.floor(CHUNK / Math.max(...this.widths)));
  }

  /** Address of operand k's units [u, u + count), copying or filling it into its slot if streamed. */
  input(k: number, u: number, count: number): number {
    const o = this.operands[k]!;
    const w = this.widths[k]!;
    if (this.resident[k]) return (o as Float32Array).byteOffset + u * w * 4;
    const s = this.slot[k]!;
    const view = this.heap.subarray(s >> 2, (s >> 2) + count * w);
    if (isGenerated(o)) o.fill(view, u * w);
    else view.set(o.subarray(u * w, (u + count) * w));
    return s;
  }

  /** Address where the output's units [u, u + count) are written. */
  output(u: number): number {
    const k = this.operands.length - 1;
    return this.resident[k] ? (this.operands[k] as Float32Array).byteOffset + u * this.widths[k]! * 4 : this.slot[k]!;
  }

  /** Copies a streamed output chunk back to the user's array. */
  commit(u: number, count: number): void {
    const k = this.operands.length - 1;
    if (this.resident[k]) return;
    const w = this.widths[k]!;
    const s = this.slot[k]!;
    (this.operands[k] as Float32Array).set(this.heap.subarray(s >> 2, (s >> 2) + count * w), u * w);
  }
}

export class WasmBackend implements Backend {
  readonly name: BackendName;
  readonly maxRowLength = CHUNK;
  private readonly exports: Record<string, unknown>;
  private readonly mem: WasmMemory;

  constructor(name: BackendName, exports: Record<string, unknown>, mem: WasmMemory) {
    this.name = name;
    this.exports = exports;
    this.mem = mem;
  }

  private kernel(name: string): Kernel {
    const k = this.exports[name];
    if (typeof k !== 'function') throw new Error(`wasm-activations: missing wasm export ${name}`);
    return k as Kernel;
  }

  /** kernel(inputs…, out, units, …tail) over `units` units of the given widths. */
  private stream(
    kernel: string, inputs: readonly Operand[], out: Float32Array, units: number,
    widths: readonly number[], outWidth: number, tail: readonly number[],
  ): void {
    const fn = this.kernel(kernel);
    const st = new Staging(this.mem, inputs, widths, out, outWidth);
    const step = st.allResident ? units : st.unitsPerChunk;
    const args = new Array<number>(inputs.length + 2 + tail.length);
    for (let i = 0; i < tail.length; i++) args[inputs.length + 2 + i] = tail[i]!;
    for (let u = 0; u < units; u += step) {
      const count = Math.min(step, units - u);
      for (let k = 0; k < inputs.length; k++) args[k] = st.input(k, u, count);
      args[inputs.length] = st.output(u);
      args[inputs.length + 1] = count;
      fn(...args);
      st.commit(u, count);
    }
  }

  map(op: ElementOp, x: Float32Array, out: Float32Array): void {
    this.stream(op.kernel, [x], out, out.length, [1], 1, [op.a, op.b]);
  }

  map2(op: PairOp, u: Operand, v: Operand, out: Float32Array): void {
    this.stream(op.kernel, [u, v], out, out.length, [1, 1], 1, [op.a, op.b]);
  }

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: Float32Array): void {
    this.stream(op.kernel, [u, v, w], out, out.length, [1, 1, 1], 1, [op.a, op.b]);
  }

  rows(op: RowOp, inputs: readonly Float32Array[], out: Float32Array, rows: number): void {
    if (rows === 0) return;
    const widths = inputs.map((a) => a.length / rows);
    this.stream(op.kernel, inputs, out, rows, widths, out.length / rows, [widths[0]!, op.a, op.b]);
  }

  reduce(op: ReduceOp, inputs: readonly Float32Array[]): number {
    const fn = this.kernel(op.kernel);
    const st = new Staging(this.mem, inputs, inputs.map(() => 1));
    const n = inputs[0]!.length;
    const args = new Array<number>(inputs.length + 3);
    args[inputs.length + 1] = op.a;
    args[inputs.length + 2] = op.b;
    let acc = op.combine === 'max' ? -Infinity : 0;
    for (let u = 0; u < n; u += CHUNK) {
      const count = Math.min(CHUNK, n - u);
      for (let k = 0; k < inputs.length; k++) args[k] = st.input(k, u, count);
      args[inputs.length] = count;
      const r = fn(...args);
      acc = op.combine === 'max' ? Math.max(acc, r) : acc + r;
    }
    return acc;
  }
}
