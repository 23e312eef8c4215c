// Runs an ES module script in a new Node process, with the built package as W (dist/, built
// by `npm test`): for what a test process cannot do to itself (Node flags such as
// --expose-gc, environment variables read once at load, a fresh module state).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildResult {
  stdout: string;
  stderr: string;
}

/** Resolves to the script's output; rejects with its stderr if it exits non-zero. */
export function runNode(body: string, options: { flags?: string[]; env?: Record<string, string> } = {}): Promise<ChildResult> {
  const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  const script = `const W = await import(${JSON.stringify(dist)});\n${body}`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath, [...(options.flags ?? []), '--input-type=module', '-e', script],
      { timeout: 120_000, env: { ...process.env, ...options.env }, maxBuffer: 1 << 24 },
      (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}
