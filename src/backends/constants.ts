// The constants block of the SIMD builds: every kernel loads its loop constants from it
// once per call (scripts/wasm-passes.mjs), so it must be in a memory before a SIMD build
// runs on it. Written once when a memory is created (memory.ts); the pool's shared memory
// gets it the same way, before any worker starts.

import { CONSTANTS, CONSTANTS_ADDRESS } from '../generated/kernels.js';

/**
 * The bytes of hexadecimal text: the embedded wasm binaries and the constants block. Hex
 * rather than base64 because it keeps the binary's byte boundaries, so gzip finds the
 * binary's repetitions (a quarter smaller gzipped than base64).
 */
export function decode(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (digit(hex.charCodeAt(2 * i)) << 4) | digit(hex.charCodeAt(2 * i + 1));
  return bytes;
}

/** Value of a lowercase hex digit's character code. */
function digit(c: number): number {
  return c < 97 ? c - 48 : c - 87;
}

/** @internal Writes the constants block into `memory` at its fixed address (in the unused first 64 KiB). */
export function writeConstants(memory: WebAssembly.Memory): void {
  new Uint8Array(memory.buffer).set(decode(CONSTANTS), CONSTANTS_ADDRESS);
}
