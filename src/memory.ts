// The one WebAssembly.Memory shared by every wasm build, and its layout, owned by the
// TypeScript side (the wasm code keeps no state):
//
//   [0, 32 KiB)            unused (keeps address 0 and small offsets out of play; asc's
//                          static data of the builds sits at 1-5 KiB)
//   [32 KiB, 64 KiB)       the SIMD builds' constants block (backends/constants.ts), written
//                          once when the memory is created
//   [64 KiB, heapStart)    scratch: three operand slots for the streamed path
//   [heapStart, …)         allocate() buffers, 64-byte aligned, first-fit with reuse
//
// A view the caller kept must never write into memory that belongs to someone else:
// - Memory grows only in allocate(). Growth detaches the old ArrayBuffer, so views are
//   re-derived lazily and old buffers are remembered to reject stale views clearly.
// - A disposed (or garbage-collected) buffer's block waits in quarantine until the next
//   time allocate() detaches the memory's ArrayBuffer (a growth, or memory.grow(0) when
//   the quarantine is what a new buffer needs): every view of the old block, subarrays
//   included, is detached before the block has a new owner.
// The worker pool (src/pool/) creates its own, shared, WasmMemory. Shared memory detaches
// nothing, so each buffer gets a SharedArrayBuffer object of its own (memory.grow(0)
// makes a fresh one over the same memory): its views are recognised by that object after
// disposal, and a block is reused only once the buffer is disposed, or once that object is
// collected (no view of it is left).

import { writeConstants } from './backends/constants.js';
import { describe, rangeError, typeError } from './errors.js';
import type { BufferDType, WasmBuffer as PublicWasmBuffer } from './types/runtime.js';
import { F16 } from './args/intrinsics.js';

export type { BufferDType };
const ELEMENT_BYTES: Readonly<Record<BufferDType, number>> = { float32: 4, float16: 2 };

export const PAGE = 65536;
const ALIGN = 64;
/** Elements per scratch slot: 32 KiB per operand, three operands stay in L2. */
export const CHUNK = 8192;
const SLOT_BYTES = CHUNK * 4;
// Slot start addresses modulo 4096. Large user arrays start a few bytes into a page, and
// memmove (behind TypedArray.prototype.set) slows down 3-4x when the destination sits a
// few bytes above the source modulo 4096 (loads 4K-alias recent stores). Slots near the
// middle of a page keep both copy directions far from that; the three differ from each
// other so kernel operands do not alias either.
const SLOT_PHASE = [2048, 3072, 1024];
const SLOT_STRIDE = SLOT_BYTES + 4096;
/** Bytes that always hold three phased slots, wherever they start (see scratchSlots). */
export const SCRATCH_BYTES = 3 * SLOT_STRIDE + 4096;

/** Byte addresses of three phased scratch slots in the SCRATCH_BYTES starting at `base`. */
export function scratchSlots(base: number): number[] {
  const page = alignUp(base, 4096);
  return [0, 1, 2].map((i) => page + i * SLOT_STRIDE + SLOT_PHASE[i]!);
}
const SCRATCH_BASE = PAGE;
const HEAP_BASE = alignUp(SCRATCH_BASE + SCRATCH_BYTES, PAGE);
const INITIAL_PAGES = HEAP_BASE / PAGE + 16;
/** Largest single allocation, in elements (wasm32 memory is at most 4 GiB). */
export const MAX_ALLOCATION = 2 ** 29;

/** Symbol.dispose where the engine has one, else its registry twin; typed as Symbol.dispose so the class declares `[Symbol.dispose]`. */
const disposeSymbol: typeof Symbol.dispose = ((Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')) as typeof Symbol.dispose;

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** A range of memory: what the allocator hands out and takes back. */
interface Block {
  start: number; // byte address
  bytes: number;
}

/**
 * An allocation: its block and the data inside it. (Never a reference to its buffer object
 * or its WasmBuffer: it is what the FinalizationRegistry holds while waiting for those.)
 */
interface Allocation {
  readonly block: Block;
  readonly dataStart: number;
  readonly dataBytes: number;
  live: boolean;
}

/** Which memory each ArrayBuffer / SharedArrayBuffer object belongs to (current, older, stale, per-buffer). */
const OWNERS = new WeakMap<ArrayBufferLike, WasmMemory>();

/** The WasmMemory that `buffer` is (or was) a buffer of, if any. */
export function memoryOf(buffer: ArrayBufferLike): WasmMemory | undefined {
  return OWNERS.get(buffer);
}

/** Views handed out by WasmBuffer.array keep their buffer alive (while the view lives, so does the buffer). */
const VIEW_OWNERS = new WeakMap<object, WasmBuffer>();

/** Owner of a wasm memory: scratch slots, allocator, views. */
export class WasmMemory {
  /** @internal (keeps WebAssembly types out of the published .d.ts files) */
  readonly memory: WebAssembly.Memory;
  private view: Float32Array;
  /** Detached buffers of this memory (non-shared memory only). */
  private readonly stale = new WeakSet<ArrayBufferLike>();
  /** Every SharedArrayBuffer object of this memory (shared memory only): all are valid views of it. */
  private readonly known = new WeakSet<ArrayBufferLike>();
  /** Shared memory: the allocation each per-buffer SharedArrayBuffer object was made for. */
  private readonly byBuffer = new WeakMap<ArrayBufferLike, Allocation>();
  readonly shared: boolean;
  /** Live allocations sorted by address. */
  private readonly live: Allocation[] = [];
  /** Free blocks sorted by address, coalesced. */
  private readonly free: Block[] = [];
  /** Released blocks still reachable through old views (non-shared): free after the next detach. */
  private quarantine: Block[] = [];
  private top = HEAP_BASE;
  private colour = 0;
  private readonly registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry<Allocation>((a) => this.release(a))
      : undefined;

  /** `maximumPages` makes a shared memory of at most that many 64 KiB pages (for the worker pool). */
  constructor(maximumPages?: number) {
    this.shared = maximumPages !== undefined;
    this.memory = new WebAssembly.Memory(
      this.shared ? { initial: INITIAL_PAGES, maximum: maximumPages!, shared: true } : { initial: INITIAL_PAGES },
    );
    writeConstants(this.memory);
    this.buffer = this.memory.buffer;
    this.view = new Float32Array(this.buffer);
    this.adopt(this.buffer);
  }

  /** Byte addresses of the three scratch slots. */
  readonly slots: readonly number[] = scratchSlots(SCRATCH_BASE);

  /** A Float32Array over the whole memory, re-derived after growth. */
  heap(): Float32Array {
    return this.view;
  }

  /**
   * The memory's current ArrayBuffer, cached: memory.buffer and a view's .buffer are calls
   * into the engine (~35 ns each), noticeable on short calls. Updated whenever allocate()
   * grows or refreshes the memory (nothing else does).
   */
  buffer: ArrayBufferLike;

  /** Records a new buffer object of this memory. */
  private adopt(buffer: ArrayBufferLike): void {
    OWNERS.set(buffer, this);
    if (this.shared) this.known.add(buffer);
  }

  /** After memory.grow: the new buffer becomes current; a detached old one is remembered as stale. */
  private refreshed(old: ArrayBufferLike): void {
    const now = this.memory.buffer;
    if (now === old) return;
    if (!this.shared) {
      this.stale.add(old);
      // Every view of the old buffer is detached now: quarantined blocks can have new owners.
      for (const block of this.quarantine) this.addFree(block);
      this.quarantine = [];
    }
    this.buffer = now;
    this.view = new Float32Array(now);
    this.adopt(now);
  }

  /** True when `a` (a view the package made) lives in this memory (zero-copy eligible). */
  isResident(a: ArrayBufferView): boolean {
    const b = a.buffer;
    return b === this.buffer || (this.shared && this.known.has(b));
  }

  /**
   * Throws a TypeError unless a view of `buffer` (one of this memory's) over
   * [byteOffset, byteOffset + byteLength) may be used: not from before a growth, inside
   * one live allocate() buffer, and (shared memory) inside the buffer it was made from.
   */
  checkView(fn: string, arg: string, buffer: ArrayBufferLike, byteOffset: number, byteLength: number): void {
    if (this.stale.has(buffer)) {
      throw typeError(fn, `${arg} is a view of wasm memory from before it grew (or allocate() recycled memory); read buffer.array again instead of keeping an old view`);
    }
    if (byteLength === 0) return;
    const own = this.byBuffer.get(buffer);
    if (own !== undefined) {
      if (!own.live) throw typeError(fn, `${arg} belongs to a disposed buffer`);
      if (byteOffset < own.dataStart || byteOffset + byteLength > own.dataStart + own.dataBytes) {
        throw typeError(fn, `${arg} reaches outside the allocate() buffer it was made from`);
      }
      return;
    }
    if (this.find(this.live, byteOffset, byteLength) !== undefined) return;
    if (this.findBlock(this.quarantine, byteOffset, byteLength)) throw typeError(fn, `${arg} belongs to a disposed buffer`);
    throw typeError(fn, `${arg} points into wasm memory outside any live allocate() buffer (was it disposed?)`);
  }

  private find(live: readonly Allocation[], start: number, bytes: number): Allocation | undefined {
    let lo = 0;
    let hi = live.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = live[mid]!;
      if (a.dataStart > start) hi = mid - 1;
      else if (a.dataStart + a.dataBytes < start + bytes) lo = mid + 1;
      else return a;
    }
    return undefined;
  }

  private findBlock(blocks: readonly Block[], start: number, bytes: number): boolean {
    return blocks.some((b) => b.start <= start && start + bytes <= b.start + b.bytes);
  }

  /**
   * A new buffer of `n` float32 elements. `internal` buffers (the pool's staging and
   * control memory) never hand out views, so they share the memory's buffer object, and
   * are never reclaimed by the garbage collector: only dispose() frees them.
   */
  allocate(n: number, internal = false, dtype: BufferDType = 'float32'): WasmBuffer {
    const dataBytes = n * ELEMENT_BYTES[dtype];
    const bytes = Math.max(alignUp(dataBytes, ALIGN), ALIGN);
    // Rotating colour: consecutive buffers start at different offsets modulo 4096.
    const pad = (this.colour++ % 7) * 576;
    const block = this.take(bytes + pad);
    let buffer: ArrayBufferLike | undefined;
    if (this.shared && !internal) {
      // A SharedArrayBuffer object of this buffer's own (grow(0) makes a fresh one). The
      // heap view keeps the one it has (same size): it must not keep this one alive.
      // (An engine that returns the same object leaves views to the range checks.)
      const before = this.memory.buffer;
      this.memory.grow(0);
      const after = this.memory.buffer;
      if (after !== before && !this.known.has(after)) {
        buffer = after;
        this.adopt(buffer);
      }
    }
    const alloc: Allocation = { block, dataStart: block.start + pad, dataBytes, live: true };
    if (buffer) this.byBuffer.set(buffer, alloc);
    const i = this.live.findIndex((a) => a.dataStart > alloc.dataStart);
    this.live.splice(i < 0 ? this.live.length : i, 0, alloc);
    const result = new WasmBuffer(this, alloc, n, buffer, dtype);
    // Reclaimed when nothing can reach the memory any more: the buffer object itself, or
    // (shared) its own SharedArrayBuffer object, which every view of it holds. Internal
    // buffers are the pool's to keep (its control block lives as long as the pool, known
    // only by address) or dispose.
    if (!internal) this.registry?.register(buffer ?? result, alloc, alloc);
    return result;
  }

  /** Called by WasmBuffer.dispose(). */
  dispose(alloc: Allocation): void {
    this.registry?.unregister(alloc);
    this.release(alloc);
  }

  /** The allocation is over: its block is free (shared) or quarantined until the next detach. */
  private release(alloc: Allocation): void {
    if (!alloc.live) return;
    alloc.live = false;
    const i = this.live.indexOf(alloc);
    if (i >= 0) this.live.splice(i, 1);
    if (this.shared) this.addFree(alloc.block);
    else this.quarantine.push(alloc.block);
  }

  private fromFree(bytes: number): Block | undefined {
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i]!;
      if (f.bytes < bytes) continue;
      const block = { start: f.start, bytes };
      if (f.bytes === bytes) this.free.splice(i, 1);
      else this.free[i] = { start: f.start + bytes, bytes: f.bytes - bytes };
      return block;
    }
    return undefined;
  }

  private grow(pages: number): void {
    const old = this.memory.buffer;
    this.memory.grow(pages);
    this.refreshed(old);
  }

  private take(bytes: number): Block {
    const reused = this.fromFree(bytes);
    if (reused) return reused;
    const have = this.memory.buffer.byteLength;
    if (this.top + bytes > have && this.quarantine.length > 0) {
      // Recycle quarantined blocks before growing: grow(0) detaches every old view.
      this.grow(0);
      const recycled = this.fromFree(bytes);
      if (recycled) return recycled;
    }
    const start = this.top;
    const end = start + bytes;
    if (end > have) {
      // Grow by at least half the current size so that growth (and detaching) is rare.
      const want = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
      try {
        this.grow(want);
      } catch {
        try {
          this.grow(Math.ceil((end - have) / PAGE));
        } catch {
          throw rangeError('allocate', `cannot grow wasm memory to ${end} bytes`);
        }
      }
    }
    this.top = end;
    return { start, bytes };
  }

  private addFree(block: Block): void {
    const free = this.free;
    let i = 0;
    while (i < free.length && free[i]!.start < block.start) i++;
    free.splice(i, 0, { ...block });
    // Coalesce with the next and the previous block.
    if (i + 1 < free.length && free[i]!.start + free[i]!.bytes === free[i + 1]!.start) {
      free[i]!.bytes += free[i + 1]!.bytes;
      free.splice(i + 1, 1);
    }
    if (i > 0 && free[i - 1]!.start + free[i - 1]!.bytes === free[i]!.start) {
      free[i - 1]!.bytes += free[i]!.bytes;
      free.splice(i, 1);
      i--;
    }
    // A free block at the top returns to the bump region.
    const last = free[free.length - 1];
    if (last && last.start + last.bytes === this.top) {
      this.top = last.start;
      free.pop();
    }
  }

  /** Bytes in use: live buffers, quarantined blocks and free blocks below the top (diagnostics, the soak run). */
  usage(): { liveBuffers: number; liveBytes: number; quarantinedBytes: number; freeBytes: number; memoryBytes: number } {
    const sum = (blocks: readonly Block[]): number => blocks.reduce((s, b) => s + b.bytes, 0);
    return {
      liveBuffers: this.live.length,
      liveBytes: this.live.reduce((s, a) => s + a.dataBytes, 0),
      quarantinedBytes: sum(this.quarantine),
      freeBytes: sum(this.free),
      memoryBytes: this.memory.buffer.byteLength,
    };
  }
}

/**
 * A region of wasm memory holding float32 (or float16) elements. Pass `buffer.array` (or a
 * subarray of it) to any activation to run in place in wasm memory, without copies.
 */
export class WasmBuffer implements PublicWasmBuffer {
  /** Number of elements. */
  readonly length: number;
  /** Byte address in wasm memory. */
  readonly byteOffset: number;
  /** The element type: 'float32' (Float32Array views) or 'float16' (Float16Array views). */
  readonly dtype: BufferDType;
  #disposed = false;
  #view: Float32Array | undefined;
  readonly #owner: WasmMemory | undefined;
  readonly #alloc: Allocation | undefined;
  /** Shared memory: this buffer's own SharedArrayBuffer object. */
  readonly #buffer: ArrayBufferLike | undefined;

  /** @internal */
  constructor(owner: WasmMemory | undefined, alloc: Allocation | undefined, length: number, buffer?: ArrayBufferLike, dtype: BufferDType = 'float32') {
    this.dtype = dtype;
    this.#owner = owner;
    this.#alloc = alloc;
    this.#buffer = buffer;
    this.byteOffset = alloc?.dataStart ?? 0;
    this.length = length;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * The data as a Float32Array view (a Float16Array for dtype 'float16'). Read it again after allocating other buffers:
   * allocation may grow or recycle wasm memory, which invalidates older views (using one
   * throws a TypeError). The view keeps this buffer alive; subarrays of it do not.
   */
  get array(): Float32Array {
    if (this.#disposed) throw typeError('WasmBuffer.array', 'the buffer was disposed');
    const owner = this.#owner;
    const buffer = this.#buffer ?? owner?.buffer;
    if (!this.#view || (buffer && this.#view.buffer !== buffer)) {
      // (Float16Array typed as Float32Array: the package's TypeScript lib predates it.)
      const View = this.dtype === 'float16' ? F16! : Float32Array;
      const view = buffer ? new View(buffer, this.byteOffset, this.length) : new View(this.length);
      VIEW_OWNERS.set(view, this);
      this.#view = view;
    }
    return this.#view;
  }

  /** Returns the memory for reuse. Idempotent; the buffer and every view of it are unusable afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#view = undefined;
    if (this.#owner && this.#alloc) this.#owner.dispose(this.#alloc);
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}

let shared: WasmMemory | undefined;

/** The shared memory, created on first use; undefined where WebAssembly is missing. */
export function wasmMemory(): WasmMemory | undefined {
  if (shared) return shared;
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Memory !== 'function') return undefined;
  shared = new WasmMemory();
  return shared;
}

/** The memory if it already exists (never creates it). */
export function existingMemory(): WasmMemory | undefined {
  return shared;
}

/** Throws unless `n` is a valid element count for allocate() (`fn` names the caller). */
export function checkAllocation(fn: string, n: unknown): void {
  if (typeof n !== 'number') throw typeError(fn, `n must be a number; got ${describe(n)}`);
  if (!Number.isInteger(n) || n < 0 || n > MAX_ALLOCATION) {
    throw rangeError(fn, `n must be an integer in [0, ${MAX_ALLOCATION}]; got ${describe(n)}`);
  }
}

/**
 * The dtype of allocate()'s options (`fn` names the caller): 'float32' by default, or
 * 'float16' where the engine has Float16Array. The option is read once.
 */
export function allocationDType(fn: string, opts: unknown): BufferDType {
  if (opts === undefined) return 'float32';
  if (opts === null || typeof opts !== 'object') throw typeError(fn, `opts must be an object; got ${describe(opts)}`);
  const dtype = (opts as { dtype?: unknown }).dtype;
  if (dtype === undefined || dtype === 'float32') return 'float32';
  if (dtype !== 'float16') throw typeError(fn, `dtype must be 'float32' or 'float16'; got ${describe(dtype)}`);
  if (!F16) throw typeError(fn, "dtype 'float16' needs Float16Array, which this runtime lacks (Node 24+ and current browsers have it)");
  return dtype;
}

/**
 * Allocates `n` float32 elements (or float16 ones: `{ dtype: 'float16' }`) in wasm memory
 * (zero-filled on first use of the memory, not guaranteed after reuse). Where WebAssembly
 * is unavailable the buffer is an ordinary typed array with the same interface.
 */
export function allocate(n: number, opts?: { dtype?: BufferDType }): WasmBuffer {
  checkAllocation('allocate', n);
  const dtype = allocationDType('allocate', opts);
  const memory = wasmMemory();
  if (!memory) return new WasmBuffer(undefined, undefined, n, undefined, dtype);
  return memory.allocate(n, false, dtype);
}
