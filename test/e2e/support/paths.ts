// Where things are, for the end-to-end tests.

import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Provided by the global setup (./setup.ts). */
export interface E2EContext {
  /** Scratch folder of this run. */
  work: string;
  /** An app folder whose node_modules holds the packed package. */
  app: string;
  /** The installed package: <app>/node_modules/wasm-activations. */
  pkg: string;
  /** The tarball npm pack wrote. */
  tarball: string;
  pack: { size: number; unpackedSize: number; files: string[] };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

/** Test artifacts (screenshots): $ARTIFACTS_DIR, else test-results/. */
export const ARTIFACTS = process.env.ARTIFACTS_DIR || fileURLToPath(new URL('../../../test-results/', import.meta.url));
