// The wasm backends (SIMD and scalar share this code; only the module differs).
// Each operand is either resident in wasm memory (an allocate() buffer: used in place)
// or streamed: copied through a fixed scratch slot in chunks, so any length works and
// memory never grows for it.

import type { Backend, BackendName, ElementOp } from './backend.js';
import { CHUNK, type WasmMemory } from '../memory.js';

/**
 * Resident (zero-copy) calls run in blocks of this many elements. wasm has no on-stack
 * replacement: a single long first call would finish in the baseline tier, while
 * blocked calls pick up the optimised code as soon as V8 has compiled it.
 */
const BLOCK = 1 << 16;

type MapKernel = (x: number, y: number, n: number, a: number, b: number) => void;
type ScaleKernel = (dy: number, x: number, dx: number, n: number, a: number, b: number) => void;

export class WasmBackend implements Backend {
  readonly name: BackendName;
  private readonly exports: Record<string, unknown>;
  private readonly mem: WasmMemory;

  constructor(name: BackendName, exports: Record<string, unknown>, mem: WasmMemory) {
    this.name = name;
    this.exports = exports;
    this.mem = mem;
  }

  private kernel<T>(name: string): T {
    const k = this.exports[name];
    if (typeof k !== 'function') throw new Error(`wasm-activations: missing wasm export ${name}`);
    return k as T;
  }

  map(op: ElementOp, x: Float32Array, out: Float32Array): void {
    const fn = this.kernel<MapKernel>(op.kernel);
    const { a, b } = op;
    const mem = this.mem;
    const n = x.length;
    const xIn = mem.isResident(x);
    const outIn = mem.isResident(out);
    if (xIn && outIn) {
      for (let off = 0; off < n; off += BLOCK) {
        fn(x.byteOffset + off * 4, out.byteOffset + off * 4, Math.min(BLOCK, n - off), a, b);
      }
      return;
    }
    const [s0, , s2] = mem.slots as [number, number, number];
    const heap = mem.heap();
    // Without a resident input, the result overwrites the input chunk in scratch.
    const outSlot = xIn ? s2 : s0;
    for (let off = 0; off < n; off += CHUNK) {
      const len = Math.min(CHUNK, n - off);
      let xp: number;
      if (xIn) xp = x.byteOffset + off * 4;
      else {
        heap.set(x.subarray(off, off + len), s0 >> 2);
        xp = s0;
      }
      const yp = outIn ? out.byteOffset + off * 4 : outSlot;
      fn(xp, yp, len, a, b);
      if (!outIn) out.set(heap.subarray(yp >> 2, (yp >> 2) + len), off);
    }
  }

  scale(op: ElementOp, dy: Float32Array, x: Float32Array, out: Float32Array): void {
    const fn = this.kernel<ScaleKernel>(`${op.kernel}`);
    const { a, b } = op;
    const mem = this.mem;
    const n = x.length;
    const dyIn = mem.isResident(dy);
    const xIn = mem.isResident(x);
    const outIn = mem.isResident(out);
    if (dyIn && xIn && outIn) {
      for (let off = 0; off < n; off += BLOCK) {
        const o = off * 4;
        fn(dy.byteOffset + o, x.byteOffset + o, out.byteOffset + o, Math.min(BLOCK, n - off), a, b);
      }
      return;
    }
    const [s0, s1, s2] = mem.slots as [number, number, number];
    const heap = mem.heap();
    const outSlot = !xIn ? s0 : !dyIn ? s1 : s2;
    for (let off = 0; off < n; off += CHUNK) {
      const len = Math.min(CHUNK, n - off);
      let dyp: number;
      let xp: number;
      if (dyIn) dyp = dy.byteOffset + off * 4;
      else {
        heap.set(dy.subarray(off, off + len), s1 >> 2);
        dyp = s1;
      }
      if (xIn) xp = x.byteOffset + off * 4;
      else {
        heap.set(x.subarray(off, off + len), s0 >> 2);
        xp = s0;
      }
      const dxp = outIn ? out.byteOffset + off * 4 : outSlot;
      fn(dyp, xp, dxp, len, a, b);
      if (!outIn) out.set(heap.subarray(dxp >> 2, (dxp >> 2) + len), off);
    }
  }
}
