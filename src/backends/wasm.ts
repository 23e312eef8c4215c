// The wasm backends (SIMD and scalar share this code; only the module differs).
// Each operand is either resident in wasm memory (an allocate() buffer: used in place)
// or streamed: copied (or, for generated operands, filled) through a fixed scratch slot
// in chunks, so any length works and memory never grows for it. Row operations stream
// chunks of whole rows; rows longer than a slot are composed by the caller
// (maxRowLength). Reductions always run chunk by chunk, resident or not, so that the
// float64 partial sums are added in the same order on both paths (bitwise-equal results).

import {
  isGenerated, isShifted, moveBlock, type Backend, type BackendName, type ElementOp, type Operand, type PairOp, type ReduceOp,
  type RowOp, type Shifted, type StridedOp, type Strides, type TripleOp,
} from './backend.js';
import { addChannelSums, type ChannelSums, type ChannelValues } from '../channels.js';
import { CHUNK, type WasmMemory } from '../memory.js';
import { WasmHalfStaging, type HalfStaging } from './half.js';

/** What the backend needs of a memory: its scratch slots, a view and residency (pool workers bring their own). */
export type Arena = Pick<WasmMemory, 'heap' | 'slots' | 'isResident'>;

/**
 * Resident (zero-copy) calls run in blocks of this many elements. wasm has no on-stack
 * replacement: a single long first call would finish in the baseline tier, while
 * blocked calls pick up the optimised code as soon as V8 has compiled it. (Row kernels
 * get whole rows per block; the split does not change any result.)
 */
const BLOCK = 1 << 16;

type Kernel = (...args: number[]) => number;

/** kernel(...args) without a spread call (kernels take 4 to 9 numbers). */
function invoke(fn: Kernel, a: readonly number[]): number {
  switch (a.length) {
    case 4: return fn(a[0]!, a[1]!, a[2]!, a[3]!);
    case 5: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
    case 6: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
    case 7: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
    case 8: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!);
    case 9: return fn(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!);
    default: return fn(...a);
  }
}

/** Channels at least this long get the scalar add run by run instead of an expanded bias. */
const RUN_ADD = 512;

/** Per-chunk placement of the operands of one call (written for low per-call cost). */
class Staging {
  private readonly heap: Float32Array;
  /** Scratch for the expanded per-channel bias of a Shifted input (-1: none needed). */
  private readonly biasSlot: number;
  /**
   * A per-channel bias whose period (C·inner elements) fits a chunk several times: chunks
   * are whole periods, so the bias slot is filled once per call (`filled` elements).
   */
  private readonly period: number;
  private filled = 0;
  /** Scratch slot address per input, or -1 where the input is resident. */
  private readonly slot: number[];
  private readonly outSlot: number;
  /** Widest operand row, in elements. */
  private readonly maxWidth: number;

  /**
   * Streamed inputs (resident[k] false) take the scratch slots in order. A streamed output
   * reuses the slot of the last streamed input at least as wide as its rows (kernels may
   * write in place over such an input; the last is x for (dy, x) kernels, which lets the
   * softmax backward keep e^(z-m) in dx), or takes the next free slot.
   */
  constructor(
    private readonly mem: Arena, private readonly inputs: readonly Operand[], resident: readonly boolean[],
    private readonly widths: readonly number[], private readonly out?: Float32Array, outResident = true,
    private readonly outWidth = 1, private readonly kernel?: (name: 'bias_add' | 'bias_add_scalar') => Kernel,
  ) {
    this.heap = mem.heap();
    const slots = mem.slots;
    this.slot = [];
    let next = 0;
    let maxWidth = outWidth;
    let reuse = -1;
    for (let k = 0; k < inputs.length; k++) {
      const s = resident[k] ? -1 : slots[next++]!;
      this.slot.push(s);
      if (s >= 0 && widths[k]! >= outWidth) reuse = s;
      maxWidth = Math.max(maxWidth, widths[k]!);
    }
    this.outSlot = outResident ? -1 : reuse >= 0 ? reuse : slots[next++]!;
    const channels = inputs.find((o): o is Shifted => isShifted(o) && typeof o.bias !== 'number')?.bias as ChannelValues | undefined;
    this.biasSlot = channels && channels.inner < RUN_ADD ? slots[next++]! : -1;
    const period = channels ? channels.values.length * channels.inner : 0;
    this.period = period <= CHUNK / 4 ? period : 0;
    this.maxWidth = maxWidth;
  }

  /** Units (rows, or elements) per chunk: as many whole ones as fit in a slot (whole bias periods). */
  get unitsPerChunk(): number {
    const units = Math.max(1, Math.floor(CHUNK / this.maxWidth));
    return this.period ? units - (units % this.period) : units;
  }

  /** Address of input k's units [u, u + count), copying or filling it into its slot if streamed. */
  input(k: number, u: number, count: number): number {
    const o = this.inputs[k]!;
    const w = this.widths[k]!;
    const s = this.slot[k]!;
    if (s < 0) return (o as Float32Array).byteOffset + u * w * 4;
    if (isShifted(o)) {
      // A lone shifted input with a resident out: x + bias goes straight into out, and
      // the kernel runs in place there (no scratch pass in between).
      return this.shift(o, this.outSlot < 0 && this.inputs.length === 1 ? this.out!.byteOffset + u * 4 : s, u, count);
    }
    if (isGenerated(o)) o.fill(this.heap.subarray(s >> 2, (s >> 2) + count * w), u * w);
    else this.heap.set(u === 0 && count * w === o.length ? o : o.subarray(u * w, (u + count) * w), s >> 2);
    return s;
  }

  /**
   * x + bias for elements [u, u + count) into slot s by the add kernel: from x in place
   * where it is resident, else from its copy in s; a per-channel bias is expanded into
   * the bias slot first. The activation's kernel then reads s (the sum stays in cache).
   */
  private shift(o: Shifted, s: number, u: number, count: number): number {
    const x = o.x as Float32Array;
    let from = s;
    if (this.mem.isResident(x)) from = x.byteOffset + u * 4;
    else this.heap.set(x.subarray(u, u + count), s >> 2);
    const bias = o.bias;
    if (typeof bias === 'number') this.kernel!('bias_add_scalar')(from, s, count, bias, 0);
    else if (bias.inner >= RUN_ADD) {
      // Long runs of one channel: the scalar add per run, no expanded bias.
      const { values, inner } = bias;
      const add = this.kernel!('bias_add_scalar');
      for (let k = 0; k < count;) {
        const run = Math.floor((u + k) / inner);
        const end = Math.min(count, (run + 1) * inner - u);
        add(from + k * 4, s + k * 4, end - k, values[run % values.length]!, 0);
        k = end;
      }
    } else {
      const b = this.biasSlot;
      // (With whole periods per chunk every chunk starts at phase 0: one fill serves all.)
      if (this.period === 0 || this.filled < count) {
        bias.fill(this.heap.subarray(b >> 2, (b >> 2) + count), u);
        if (this.period) this.filled = count;
      }
      this.kernel!('bias_add')(from, b, s, count, 0, 0);
    }
    return s;
  }

  /** Address where the output's units [u, u + count) are written. */
  output(u: number): number {
    return this.outSlot < 0 ? this.out!.byteOffset + u * this.outWidth * 4 : this.outSlot;
  }

  /** Adds the output chunk just computed (elements) into its channels' sums. */
  sum(u: number, count: number, sums: ChannelSums): void {
    const s = this.outSlot;
    addChannelSums(s < 0 ? this.out!.subarray(u, u + count) : this.heap.subarray(s >> 2, (s >> 2) + count), u, sums);
  }

  /** Copies a streamed output chunk back to the user's array. */
  commit(u: number, count: number): void {
    const s = this.outSlot;
    if (s < 0) return;
    const w = this.outWidth;
    this.out!.set(this.heap.subarray(s >> 2, (s >> 2) + count * w), u * w);
  }
}

const ONE = [1];
const ONE_ONE = [1, 1];
const ONE_ONE_ONE = [1, 1, 1];

export class WasmBackend implements Backend {
  readonly name: BackendName;
  readonly maxRowLength = CHUNK;
  private readonly exports: Record<string, unknown>;
  private readonly mem: Arena;

  constructor(name: BackendName, exports: Record<string, unknown>, mem: Arena) {
    this.name = name;
    this.exports = exports;
    this.mem = mem;
  }

  /** Staging for float16 data through this backend's conversion kernels (./half.ts). */
  halfStaging(): HalfStaging {
    return new WasmHalfStaging(this.mem, CHUNK, (name) => this.kernel(name));
  }

  private readonly kernels = new Map<string, Kernel>();
  private readonly addKernel = (name: 'bias_add' | 'bias_add_scalar'): Kernel => this.kernel(name);

  private kernel(name: string): Kernel {
    let k = this.kernels.get(name);
    if (k === undefined) {
      const e = this.exports[name];
      if (typeof e !== 'function') throw new Error(`wasm-activations: missing wasm export ${name}`);
      this.kernels.set(name, (k = e as Kernel));
    }
    return k;
  }

  /**
   * Short plain arrays: one copy in, one kernel call in place, one copy out (the common
   * small call, kept free of per-call allocations). Returns false where it does not apply.
   */
  private small(op: ElementOp | PairOp, u: Operand, v: Operand | undefined, out: Float32Array, sums?: ChannelSums): boolean {
    const n = out.length;
    if (n > CHUNK || isGenerated(u) || (v !== undefined && isGenerated(v))) return false;
    const mem = this.mem;
    if (op.plain !== true && (mem.isResident(u) || mem.isResident(out) || (v !== undefined && mem.isResident(v)))) {
      return false;
    }
    const { kernel, a, b } = op;
    const heap = mem.heap();
    const [s0, s1] = mem.slots as [number, number];
    heap.set(u, s0 >> 2);
    if (v === undefined) this.kernel(kernel)(s0, s0, n, a, b);
    else {
      heap.set(v, s1 >> 2);
      this.kernel(kernel)(s0, s1, s0, n, a, b);
    }
    const result = heap.subarray(s0 >> 2, (s0 >> 2) + n);
    if (sums) addChannelSums(result, 0, sums);
    out.set(result);
    return true;
  }

  /** kernel(inputs…, out, units, [len,] a, b) over `units` units of the given widths. */
  private stream(
    kernel: string, inputs: readonly Operand[], out: Float32Array, units: number,
    widths: readonly number[], outWidth: number, len: number | undefined, a: number, b: number,
    sums?: ChannelSums,
  ): void {
    const fn = this.kernel(kernel);
    const mem = this.mem;
    const n = inputs.length;
    const args: number[] = [];
    const resident: boolean[] = [];
    let all = true;
    for (let k = 0; k < n; k++) {
      const o = inputs[k]!;
      const r = !isGenerated(o) && mem.isResident(o);
      resident.push(r);
      args.push(r ? (o as Float32Array).byteOffset : 0);
      all &&= r;
    }
    const outResident = mem.isResident(out);
    args.push(out.byteOffset, units);
    if (len !== undefined) args.push(len);
    args.push(a, b);
    // Everything resident: in place, no staging, in blocks of whole units.
    if (all && outResident) {
      let maxWidth = outWidth;
      for (const w of widths) maxWidth = Math.max(maxWidth, w);
      const step = Math.max(1, Math.floor(BLOCK / maxWidth));
      const base = args.slice(0, n + 1);
      for (let u = 0; u < units; u += step) {
        const count = Math.min(step, units - u);
        for (let k = 0; k < n; k++) args[k] = base[k]! + u * widths[k]! * 4;
        args[n] = base[n]! + u * outWidth * 4;
        args[n + 1] = count;
        invoke(fn, args);
        if (sums) addChannelSums(out.subarray(u, u + count), u, sums);
      }
      return;
    }
    const st = new Staging(mem, inputs, resident, widths, out, outResident, outWidth, this.addKernel);
    const step = st.unitsPerChunk;
    for (let u = 0; u < units; u += step) {
      const count = Math.min(step, units - u);
      for (let k = 0; k < n; k++) args[k] = st.input(k, u, count);
      args[n] = st.output(u);
      args[n + 1] = count;
      invoke(fn, args);
      if (sums) st.sum(u, count, sums);
      st.commit(u, count);
    }
  }

  map(op: ElementOp, x: Operand, out: Float32Array): void {
    if (this.small(op, x, undefined, out)) return;
    this.stream(op.kernel, [x], out, out.length, ONE, 1, undefined, op.a, op.b);
  }

  map2(op: PairOp, u: Operand, v: Operand, out: Float32Array, sums?: ChannelSums): void {
    if (!this.small(op, u, v, out, sums)) this.stream(op.kernel, [u, v], out, out.length, ONE_ONE, 1, undefined, op.a, op.b, sums);
    sums?.write();
  }

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: Float32Array): void {
    this.stream(op.kernel, [u, v, w], out, out.length, ONE_ONE_ONE, 1, undefined, op.a, op.b);
  }

  rows(op: RowOp, inputs: readonly Float32Array[], out: Float32Array, rows: number): void {
    if (rows === 0) return;
    const widths = inputs.map((a) => a.length / rows);
    this.stream(op.kernel, inputs, out, rows, widths, out.length / rows, widths[0]!, op.a, op.b);
  }

  /**
   * Over a middle dimension. Resident operands run in place, a block of lanes per call.
   * Otherwise blocks go through scratch as [size, lanes] with stride = lanes: whole slabs
   * (contiguous) where a slab fits a slot, else a block of lanes of one slab, gathered row
   * by row; the kernel computes in place in the last input's slot.
   */
  strided(op: StridedOp, inputs: readonly Float32Array[], out: Float32Array, { slabs, size, inner, lanes: count = inner }: Strides): void {
    if (slabs === 0 || size === 0 || count === 0) return;
    const fn = this.kernel(op.kernel);
    const mem = this.mem;
    const slots = mem.slots;
    const n = inputs.length;
    // kernel(inputs…, out, slabs, size, lanes, stride, [tmp,] a, b): forward kernels (one
    // input) take scratch for a column block of 64·size bytes where rows are far apart.
    const args: number[] = new Array<number>(n + 5).fill(0);
    if (n === 1) args.push(0);
    args.push(op.a, op.b);
    const call = (at: readonly number[], outAt: number, slabsHere: number, lanes: number, stride: number, tmp: number): void => {
      for (let i = 0; i < n; i++) args[i] = at[i]!;
      args[n] = outAt;
      args[n + 1] = slabsHere;
      args[n + 2] = size;
      args[n + 3] = lanes;
      args[n + 4] = stride;
      if (n === 1) args[n + 5] = tmp;
      invoke(fn, args);
    };
    if (inputs.every((a) => mem.isResident(a)) && mem.isResident(out)) {
            const lanes = Math.max(1, Math.floor(BLOCK / size));
      for (let k = 0; k < slabs; k++) {
        for (let l = 0; l < count; l += lanes) {
          const at = (k * size * inner + l) * 4;
          call(inputs.map((a) => a.byteOffset + at), out.byteOffset + at, 1, Math.min(lanes, count - l), inner, slots[0]!);
        }
      }
      return;
    }
    const heap = mem.heap();
    const slab = size * inner;
    // One input (the forward, in place in scratch) may use all of scratch from the first
    // slot to the end of the last as one block: 3.2 chunks, so 3.2 times fewer gathers
    // (one copy per row of a block each way: their count is what a dim-1 softmax costs).
    const span = n === 1 ? (slots[slots.length - 1]! - slots[0]!) / 4 + CHUNK : CHUNK;
    const gathered = slab > span || count < inner;
    // Whole slabs per block, or lanes per block of one slab (compact in scratch: no tmp).
    const perBlock = gathered ? Math.max(1, Math.floor(span / size)) : Math.floor(span / slab);
    // Block (k, l): slabs [k, k + slabsHere) whole, or lanes [l, l + lanes) of slab k.
    const move = (a: Float32Array, slot: number, into: boolean, k: number, l: number, lanes: number, slabsHere: number): void =>
      moveBlock(heap, a, slot >> 2, into, !gathered, k, l, lanes, slabsHere, size, inner);
    const at = slots.slice(0, n);
    for (let k = 0; k < slabs; k += gathered ? 1 : perBlock) {
      const slabsHere = gathered ? 1 : Math.min(perBlock, slabs - k);
      for (let l = 0; l < count; l += gathered ? perBlock : inner) {
        const lanes = gathered ? Math.min(perBlock, count - l) : inner;
        for (let i = 0; i < n; i++) move(inputs[i]!, slots[i]!, true, k, l, lanes, slabsHere);
        call(at, slots[n - 1]!, slabsHere, lanes, lanes, 0);
        move(out, slots[n - 1]!, false, k, l, lanes, slabsHere);
      }
    }
  }

  reduce(op: ReduceOp, inputs: readonly Float32Array[]): number {
    const fn = this.kernel(op.kernel);
    const resident = inputs.map((a) => this.mem.isResident(a));
    const st = new Staging(this.mem, inputs, resident, inputs.map(() => 1));
    const n = inputs[0]!.length;
    const args = [...inputs.map(() => 0), 0, op.a, op.b];
    let acc = op.combine === 'max' ? -Infinity : 0;
    for (let u = 0; u < n; u += CHUNK) {
      const count = Math.min(CHUNK, n - u);
      for (let k = 0; k < inputs.length; k++) args[k] = st.input(k, u, count);
      args[inputs.length] = count;
      const r = invoke(fn, args);
      acc = op.combine === 'max' ? Math.max(acc, r) : acc + r;
    }
    return acc;
  }
}
