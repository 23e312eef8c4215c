// The constants block of the SIMD builds: every kernel loads its loop constants from it
// once per call (scripts/wasm-passes.mjs), so it must be in a memory before a SIMD build
// runs on it. Written once when a memory is created (memory.ts); the pool's shared memory
// gets it the same way, before any worker starts.

import { CONSTANTS, CONSTANTS_ADDRESS } from '../generated/kernels.js';

/** The bytes of base64 text (the embedded wasm binaries and the constants block). */
export function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Writes the constants block into `memory` at its fixed address (in the unused first 64 KiB). */
export function writeConstants(memory: WebAssembly.Memory): void {
  new Uint8Array(memory.buffer).set(decode(CONSTANTS), CONSTANTS_ADDRESS);
}
