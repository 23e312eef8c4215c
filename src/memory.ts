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
// Memory grows only in allocate(). Growth detaches the old ArrayBuffer, so views are
// re-derived lazily and old buffers are remembered to reject stale views clearly.
// The worker pool (src/pool/) creates its own, shared, WasmMemory: growing a shared memory
// detaches nothing (older SharedArrayBuffers keep their length and stay valid views).

import { writeConstants } from './backends/constants.js';
import { describe, rangeError, typeError } from './errors.js';

const PAGE = 65536;
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

/** Symbol under which views handed out by WasmBuffer keep their owner alive. */
const OWNER = Symbol('wasm-activations.owner');
const disposeSymbol: symbol =
  (Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

interface Block {
  start: number; // byte address
  bytes: number;
}

/** Owner of the shared memory: scratch slots, allocator, views. */
export class WasmMemory {
  /** @internal (keeps WebAssembly types out of the published .d.ts files) */
  readonly memory: WebAssembly.Memory;
  private view: Float32Array;
  private readonly stale = new WeakSet<ArrayBuffer>();
  /** Shared memory: the SharedArrayBuffers of earlier sizes (still valid views of this memory). */
  private readonly older = new WeakSet<ArrayBufferLike>();
  private readonly shared: boolean;
  /** Live allocations sorted by address. */
  private readonly live: WasmBuffer[] = [];
  /** Free blocks sorted by address, coalesced. */
  private readonly free: Block[] = [];
  private top = HEAP_BASE;
  private colour = 0;
  private readonly registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry<Block>((block) => this.release(block))
      : undefined;

  /** `maximumPages` makes a shared memory of at most that many 64 KiB pages (for the worker pool). */
  constructor(maximumPages?: number) {
    this.shared = maximumPages !== undefined;
    this.memory = new WebAssembly.Memory(
      this.shared ? { initial: INITIAL_PAGES, maximum: maximumPages!, shared: true } : { initial: INITIAL_PAGES },
    );
    writeConstants(this.memory);
    this.view = new Float32Array(this.memory.buffer);
    this.buffer = this.view.buffer;
  }

  /** Byte addresses of the three scratch slots. */
  readonly slots: readonly number[] = scratchSlots(SCRATCH_BASE);

  /** A Float32Array over the whole memory, re-derived after growth. */
  heap(): Float32Array {
    return this.view;
  }

  /**
   * The memory's current ArrayBuffer, cached: memory.buffer and a view's .buffer are calls
   * into the engine (~35 ns each), noticeable on short calls. Updated by take() on growth.
   */
  buffer: ArrayBufferLike;

  /**
   * True when `a` is a view of the current memory (zero-copy eligible). Compares with the
   * cached buffer: memory.buffer is a getter call into the engine, and only take() grows.
   */
  isResident(a: ArrayBufferView): boolean {
    return a.buffer === this.buffer || (this.shared && this.older.has(a.buffer));
  }

  /**
   * Throws if `a` is a view that must not be used: of memory from before a growth, or
   * of wasm memory outside a live allocate() buffer (disposed, or scratch).
   */
  checkView(fn: string, arg: string, a: ArrayBufferView, buffer: ArrayBufferLike = a.buffer): void {
    // Growth detaches the old buffer, so a stale view always has byteLength 0.
    if (a.byteLength === 0) {
      if (this.stale.has(buffer as ArrayBuffer)) {
        throw typeError(fn, `${arg} is a view of wasm memory from before it grew; read buffer.array again instead of keeping an old view`);
      }
      return;
    }
    if (buffer !== this.buffer) return;
    const owner = (a as unknown as Record<symbol, WasmBuffer | undefined>)[OWNER];
    if (owner !== undefined && owner.disposed) {
      throw typeError(fn, `${arg} belongs to a disposed buffer`);
    }
    if (!this.findLive(a.byteOffset, a.byteLength)) {
      throw typeError(fn, `${arg} points into wasm memory outside any live allocate() buffer (was it disposed?)`);
    }
  }

  private findLive(start: number, bytes: number): WasmBuffer | undefined {
    const live = this.live;
    let lo = 0;
    let hi = live.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = live[mid]!;
      if (b.byteOffset > start) hi = mid - 1;
      else if (b.byteOffset + b.length * 4 < start + bytes) lo = mid + 1;
      else return b;
    }
    return undefined;
  }

  allocate(n: number): WasmBuffer {
    const bytes = Math.max(alignUp(n * 4, ALIGN), ALIGN);
    // Rotating colour: consecutive buffers start at different offsets modulo 4096.
    const pad = (this.colour++ % 7) * 576;
    const block = this.take(bytes + pad);
    const buffer = new WasmBuffer(this, block, block.start + pad, n);
    const i = this.live.findIndex((b) => b.byteOffset > buffer.byteOffset);
    this.live.splice(i < 0 ? this.live.length : i, 0, buffer);
    this.registry?.register(buffer, block, buffer);
    return buffer;
  }

  /** Called by WasmBuffer.dispose(). */
  disposeBuffer(buffer: WasmBuffer, block: Block): void {
    const i = this.live.indexOf(buffer);
    if (i >= 0) this.live.splice(i, 1);
    this.registry?.unregister(buffer);
    this.release(block);
  }

  private take(bytes: number): Block {
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i]!;
      if (f.bytes < bytes) continue;
      const block = { start: f.start, bytes };
      if (f.bytes === bytes) this.free.splice(i, 1);
      else this.free[i] = { start: f.start + bytes, bytes: f.bytes - bytes };
      return block;
    }
    const start = this.top;
    const end = start + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const old = this.memory.buffer;
      // Grow by at least half the current size so that growth (and detaching) is rare.
      const want = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
      try {
        this.memory.grow(want);
      } catch {
        try {
          this.memory.grow(Math.ceil((end - have) / PAGE));
        } catch {
          throw rangeError('allocate', `cannot grow wasm memory to ${end} bytes`);
        }
      }
      if (old !== this.memory.buffer) (this.shared ? this.older : this.stale).add(old);
      this.view = new Float32Array(this.memory.buffer);
      this.buffer = this.view.buffer;
    }
    this.top = end;
    return { start, bytes };
  }

  private release(block: Block): void {
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

  /** Bytes currently held by live buffers (for tests and diagnostics). */
  liveBytes(): number {
    return this.live.reduce((s, b) => s + b.length * 4, 0);
  }
}

/**
 * A Float32Array-sized region of wasm memory. Pass `buffer.array` (or a subarray of it)
 * to any activation to run in place in wasm memory, without copies.
 */
export class WasmBuffer {
  /** Number of float32 elements. */
  readonly length: number;
  /** Byte address in wasm memory. */
  readonly byteOffset: number;
  #disposed = false;
  #view: Float32Array | undefined;
  readonly #owner: WasmMemory | undefined;
  readonly #block: Block | undefined;

  /** @internal */
  constructor(owner: WasmMemory | undefined, block: Block | undefined, byteOffset: number, length: number) {
    this.#owner = owner;
    this.#block = block;
    this.byteOffset = byteOffset;
    this.length = length;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * The data as a Float32Array view. Read it again after allocating other buffers:
   * allocation may grow wasm memory, which invalidates older views (using one throws).
   */
  get array(): Float32Array {
    if (this.#disposed) throw typeError('WasmBuffer.array', 'the buffer was disposed');
    const owner = this.#owner;
    if (!this.#view || (owner && this.#view.buffer !== owner.buffer)) {
      const view = owner
        ? new Float32Array(owner.buffer, this.byteOffset, this.length)
        : new Float32Array(this.length);
      Object.defineProperty(view, OWNER, { value: this });
      this.#view = view;
    }
    return this.#view;
  }

  /** Returns the memory for reuse. Idempotent; the buffer is unusable afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#view = undefined;
    if (this.#owner && this.#block) this.#owner.disposeBuffer(this, this.#block);
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
 * Allocates `n` float32 elements in wasm memory (zero-filled on first use of the
 * memory, not guaranteed after reuse). Where WebAssembly is unavailable the buffer is
 * an ordinary Float32Array with the same interface.
 */
export function allocate(n: number): WasmBuffer {
  checkAllocation('allocate', n);
  const memory = wasmMemory();
  if (!memory) return new WasmBuffer(undefined, undefined, 0, n);
  return memory.allocate(n);
}
