// The package's console messages: each kind is shown once per process (a fallback, an
// ignored environment variable, a pool that cannot start its workers).

const shown = new Set<string>();

/** console.warn(`wasm-activations: ${message}`) the first time `kind` is reported. */
export function warnOnce(kind: string, message: string): void {
  if (shown.has(kind)) return;
  shown.add(kind);
  console.warn(`wasm-activations: ${message}`);
}
