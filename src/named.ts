// activate()'s names: the package's names and aliases, and the PyTorch, ONNX and Keras
// spellings of src/catalogue/names.ts, resolved to a public function and its defaults.

import { ELEMENTWISE_FUNCTIONS } from './elementwise.js';
import { NAMED } from './catalogue/index.js';
import { describe, typeError } from './errors.js';
import { STRUCTURED_FUNCTIONS } from './structured/index.js';

/** Names accepted by activate(): the package's names and aliases, then PyTorch, ONNX and Keras spellings. */
export const activationNames: readonly string[] = [...NAMED.keys()];

export interface Named {
  /** The public function it runs. */
  readonly call: (x: unknown, opts: unknown) => unknown;
  /** Its catalogue name. */
  readonly target: string;
  /** The spelling's framework defaults, where they differ from PyTorch's. */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/** What `name` runs; a TypeError naming `fn` for a non-string or an unknown name. */
export function namedFunction(fn: string, name: unknown): Named {
  if (typeof name !== 'string') throw typeError(fn, `name must be a string; got ${describe(name)}`);
  const found = NAMED.get(name);
  if (!found) throw typeError(fn, `unknown activation ${describe(name)}; known: ${activationNames.join(', ')}`);
  const target = found.row.name;
  const call = (found.structured ? STRUCTURED_FUNCTIONS.get(target) : ELEMENTWISE_FUNCTIONS.get(target)) as unknown as Named['call'];
  return { call, target, defaults: found.defaults };
}
