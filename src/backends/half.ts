// Float16 data on any backend: a wrapper that stages each chunk of half-precision operands
// as float32, runs the ordinary float32 operation of the backend it wraps on the staged
// chunk, and rounds the float32 result once to half (to nearest, ties to even). The
// wrapped backend sees only float32 arrays, so every kernel and loop serves float16 data
// unchanged; results are those of float32 data rounded to half.
//
// Staging is the only part that differs between backends (HalfStaging): the wasm backends
// copy a chunk's half bits into a scratch slot and widen them in place with the
// half_to_single kernel, and narrow the result in place with single_to_half
// (assembly/half.ts), so the wrapped backend runs on scratch-resident views, in place; the
// js backend converts through Float16Array and Float32Array temporaries (the engine's own
// conversions, also to nearest even). Either way the data moves as 2-byte halves between
// the caller's arrays and the staging.

import { addChannelSums, type ChannelSums } from '../channels.js';
import { U16 } from '../args/intrinsics.js';
import {
  isGenerated, type Backend, type BackendName, type ElementOp, type FloatArray, type Generated, type Operand, type PairOp,
  type ReduceOp, type RowOp, type StridedOp, type Strides, type TripleOp,
} from './backend.js';

/** Scratch for up to three float32 operands of `capacity` elements each. */
export interface HalfStaging {
  readonly capacity: number;
  /** Where the bits of n halves for slot k are written before widen(k, n). */
  bits(k: number, n: number): Uint16Array;
  /** Widens the n halves just written into bits(k, n); returns slot k's n floats. */
  widen(k: number, n: number): Float32Array;
  /** Slot k's n floats, contents unspecified (a generated operand or an output goes there). */
  floats(k: number, n: number): Float32Array;
  /** Rounds slot k's n floats to half in place; returns their bits. */
  narrow(k: number, n: number): Uint16Array;
  /** Halves src[lo, lo + n) widened into slot k (copied there first, unless the staging can read them where they are). */
  load(k: number, src: Uint16Array, lo: number, n: number): Float32Array;
  /** Slot k's n floats rounded to half into dst[at, at + n). */
  store(k: number, n: number, dst: Uint16Array, at: number): void;
}

/** load and store through bits / widen / narrow: copies in and out. */
function load(st: HalfStaging, k: number, src: Uint16Array, lo: number, n: number): Float32Array {
  st.bits(k, n).set(src.subarray(lo, lo + n));
  return st.widen(k, n);
}

function store(st: HalfStaging, k: number, n: number, dst: Uint16Array, at: number): void {
  dst.set(st.narrow(k, n), at);
}

/** The half bits of a Float16Array (one of the package's own views). */
function bitsOf(a: FloatArray): Uint16Array {
  return new U16(a.buffer, a.byteOffset, a.length);
}

/**
 * Staging in JavaScript: the engine's conversions between Float16Array and Float32Array
 * temporaries (for the js backend, and any backend without conversion kernels).
 */
export class JsHalfStaging implements HalfStaging {
  private readonly halves: FloatArray[];
  private readonly singles: Float32Array[];

  constructor(Half: new (n: number) => FloatArray, readonly capacity = 1 << 14) {
    this.halves = [0, 1, 2].map(() => new Half(capacity));
    this.singles = [0, 1, 2].map(() => new Float32Array(capacity));
  }

  bits(k: number, n: number): Uint16Array {
    return bitsOf(this.halves[k]!).subarray(0, n);
  }

  widen(k: number, n: number): Float32Array {
    const f = this.singles[k]!.subarray(0, n);
    f.set(this.halves[k]!.subarray(0, n));
    return f;
  }

  floats(k: number, n: number): Float32Array {
    return this.singles[k]!.subarray(0, n);
  }

  narrow(k: number, n: number): Uint16Array {
    const h = this.halves[k]!.subarray(0, n);
    h.set(this.singles[k]!.subarray(0, n));
    return bitsOf(h);
  }

  load(k: number, src: Uint16Array, lo: number, n: number): Float32Array {
    return load(this, k, src, lo, n);
  }

  store(k: number, n: number, dst: Uint16Array, at: number): void {
    store(this, k, n, dst, at);
  }
}

type Kernel = (...args: number[]) => number;

/**
 * Staging in wasm memory: slot k's halves are copied into the upper half of the slot and
 * widened in place (half_to_single), results narrowed in place at the slot's start
 * (single_to_half), as assembly/half.ts's pointer contract allows. The wrapped backend
 * then runs on views of the slots: resident, in place, no copies of its own.
 */
export class WasmHalfStaging implements HalfStaging {
  private heap: Float32Array | undefined;
  private halves: Uint16Array | undefined;
  private readonly widenKernel: Kernel;
  private readonly narrowKernel: Kernel;

  constructor(
    private readonly mem: { heap(): Float32Array; readonly slots: readonly number[] },
    readonly capacity: number, kernel: (name: 'half_to_single' | 'single_to_half') => Kernel,
  ) {
    this.widenKernel = kernel('half_to_single');
    this.narrowKernel = kernel('single_to_half');
  }

  /** The heap's 16-bit view, re-derived when the memory grew. */
  private u16(): Uint16Array {
    const heap = this.mem.heap();
    if (heap !== this.heap) {
      this.heap = heap;
      this.halves = new U16(heap.buffer, heap.byteOffset, heap.length * 2);
    }
    return this.halves!;
  }

  bits(k: number, n: number): Uint16Array {
    const at = (this.mem.slots[k]! >> 1) + n;
    return this.u16().subarray(at, at + n);
  }

  widen(k: number, n: number): Float32Array {
    const s = this.mem.slots[k]!;
    this.widenKernel(s + 2 * n, s, n);
    return this.floats(k, n);
  }

  floats(k: number, n: number): Float32Array {
    const at = this.mem.slots[k]! >> 2;
    return this.mem.heap().subarray(at, at + n);
  }

  narrow(k: number, n: number): Uint16Array {
    const s = this.mem.slots[k]!;
    this.narrowKernel(s, s, n);
    const at = s >> 1;
    return this.u16().subarray(at, at + n);
  }

  /** Halves already in wasm memory (an allocate() buffer, float16) are widened from where they are. */
  load(k: number, src: Uint16Array, lo: number, n: number): Float32Array {
    if (src.buffer !== this.u16().buffer) return load(this, k, src, lo, n);
    this.widenKernel(src.byteOffset + 2 * lo, this.mem.slots[k]!, n);
    return this.floats(k, n);
  }

  /** Into wasm memory, results are narrowed straight into place. */
  store(k: number, n: number, dst: Uint16Array, at: number): void {
    if (dst.buffer !== this.u16().buffer) store(this, k, n, dst, at);
    else this.narrowKernel(this.mem.slots[k]!, dst.byteOffset + 2 * at, n);
  }
}

/** Ops with `plain` cleared: the staged views are resident in wasm memory (see OpBase.plain). */
const RESIDENT_OPS = new WeakMap<object, object>();
function residentOp<O extends { readonly plain?: boolean }>(op: O): O {
  if (op.plain !== true) return op;
  let r = RESIDENT_OPS.get(op) as O | undefined;
  if (r === undefined) RESIDENT_OPS.set(op, (r = { ...op, plain: false }));
  return r;
}

/** A chunk's operand: the caller's half bits, or a generated operand (filled as float32). */
type Source = Uint16Array | Generated;

export class HalfBackend implements Backend {
  readonly name: BackendName;
  readonly maxRowLength: number;

  constructor(private readonly inner: Backend, private readonly st: HalfStaging) {
    this.name = inner.name;
    this.maxRowLength = Math.min(inner.maxRowLength, st.capacity);
  }

  /** Elements [lo, lo + n) of operand `o` as floats in slot k. */
  private stage(k: number, o: Source, lo: number, n: number): Float32Array {
    if (o instanceof U16) return this.st.load(k, o, lo, n);
    const f = this.st.floats(k, n);
    o.fill(f, lo);
    return f;
  }

  /** Rounds slot k's n floats to half and stores them at element `at` of the output's bits. */
  private commit(k: number, n: number, out: Uint16Array, at: number): void {
    this.st.store(k, n, out, at);
  }

  private sources(inputs: readonly Operand[]): Source[] {
    return inputs.map((o) => (isGenerated(o) ? o : bitsOf(o)));
  }

  /**
   * Element-wise over chunks: the output is computed in place over the last input's slot
   * (every element-wise op allows out to be any input).
   */
  private elementwise(inputs: readonly Operand[], out: FloatArray, run: (views: Float32Array[]) => void, sums?: ChannelSums): void {
    const n = out.length;
    const step = this.st.capacity;
    const src = this.sources(inputs);
    const bits = bitsOf(out);
    const last = inputs.length - 1;
    for (let lo = 0; lo < n; lo += step) {
      const m = Math.min(step, n - lo);
      const views = src.map((o, k) => this.stage(k, o, lo, m));
      run(views);
      // The bias gradient sums dx as computed (float32), before it is rounded to half.
      if (sums) addChannelSums(views[last]!, lo, sums);
      this.commit(last, m, bits, lo);
    }
    sums?.write();
  }

  map(op: ElementOp, x: Operand, out: FloatArray): void {
    const o = residentOp(op);
    this.elementwise([x], out, ([X]) => this.inner.map(o, X!, X!));
  }

  map2(op: PairOp, u: Operand, v: Operand, out: FloatArray, sums?: ChannelSums): void {
    const o = residentOp(op);
    this.elementwise([u, v], out, ([U, V]) => this.inner.map2(o, U!, V!, V!), sums);
  }

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: FloatArray): void {
    const o = residentOp(op);
    this.elementwise([u, v, w], out, ([U, V, W]) => this.inner.map3(o, U!, V!, W!, W!));
  }

  /**
   * Chunks of whole rows. The output goes over the last input's slot where their rows are
   * as wide (in place, as every row op allows), else into the next slot.
   */
  rows(op: RowOp, inputs: readonly FloatArray[], out: FloatArray, rows: number): void {
    if (rows === 0) return;
    const widths = inputs.map((a) => a.length / rows);
    const outWidth = out.length / rows;
    const last = inputs.length - 1;
    const outSlot = widths[last] === outWidth ? last : inputs.length;
    const per = Math.max(1, Math.floor(this.st.capacity / Math.max(outWidth, ...widths)));
    const src = this.sources(inputs);
    const bits = bitsOf(out);
    const o = residentOp(op);
    for (let r = 0; r < rows; r += per) {
      const count = Math.min(per, rows - r);
      const views = src.map((s, k) => this.stage(k, s, r * widths[k]!, count * widths[k]!));
      const result = outSlot === last ? views[last]! : this.st.floats(outSlot, count * outWidth);
      this.inner.rows(o, views, result, count);
      this.commit(outSlot, count * outWidth, bits, r * outWidth);
    }
  }

  /**
   * Blocks of whole slabs where a slab fits a slot, else blocks of lanes of one slab,
   * gathered row by row (compact: [size, lanes]). Computed in place over the last input;
   * a single input takes slot 1, leaving slot 0 to the wrapped backend's own scratch.
   */
  strided(op: StridedOp, inputs: readonly FloatArray[], out: FloatArray, { slabs, size, inner, lanes: count = inner }: Strides): void {
    if (slabs === 0 || size === 0 || count === 0) return;
    const cap = this.st.capacity;
    const first = inputs.length === 1 ? 1 : 0;
    const last = first + inputs.length - 1;
    const src = inputs.map(bitsOf);
    const bits = bitsOf(out);
    const o = residentOp(op);
    const slab = size * inner;
    if (slab <= cap && count === inner) {
      const per = Math.floor(cap / slab);
      for (let k = 0; k < slabs; k += per) {
        const here = Math.min(per, slabs - k);
        const views = src.map((s, i) => this.stage(first + i, s, k * slab, here * slab));
        this.inner.strided(o, views, views[views.length - 1]!, { slabs: here, size, inner });
        this.commit(last, here * slab, bits, k * slab);
      }
      return;
    }
    const per = Math.max(1, Math.floor(cap / size));
    for (let k = 0; k < slabs; k++) {
      for (let l = 0; l < count; l += per) {
        const lanes = Math.min(per, count - l);
        const n = size * lanes;
        const views = src.map((s, i) => {
          const dst = this.st.bits(first + i, n);
          for (let j = 0; j < size; j++) {
            const from = k * slab + j * inner + l;
            dst.set(s.subarray(from, from + lanes), j * lanes);
          }
          return this.st.widen(first + i, n);
        });
        this.inner.strided(o, views, views[views.length - 1]!, { slabs: 1, size, inner: lanes });
        const result = this.st.narrow(last, n);
        for (let j = 0; j < size; j++) bits.set(result.subarray(j * lanes, (j + 1) * lanes), k * slab + j * inner + l);
      }
    }
  }

  /** Chunk by chunk, the partial results combined as the wasm backends combine theirs. */
  reduce(op: ReduceOp, inputs: readonly FloatArray[]): number {
    const n = inputs[0]!.length;
    const step = this.st.capacity;
    const src = this.sources(inputs);
    const o = residentOp(op);
    let acc = op.combine === 'max' ? -Infinity : 0;
    for (let lo = 0; lo < n; lo += step) {
      const m = Math.min(step, n - lo);
      const r = this.inner.reduce(o, src.map((s, k) => this.stage(k, s, lo, m)));
      acc = op.combine === 'max' ? Math.max(acc, r) : acc + r;
    }
    return acc;
  }
}

const WRAPPED = new WeakMap<Backend, HalfBackend>();

/**
 * The float16 version of a backend, made once per backend: with the backend's own staging
 * where it has one (the wasm backends), else with JavaScript staging.
 */
export function halfBackendOf(inner: Backend & { halfStaging?(): HalfStaging }, Half: new (n: number) => FloatArray): HalfBackend {
  let h = WRAPPED.get(inner);
  if (h === undefined) WRAPPED.set(inner, (h = new HalfBackend(inner, inner.halfStaging?.() ?? new JsHalfStaging(Half))));
  return h;
}
