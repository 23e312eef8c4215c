// Public function objects of the non-element-wise rows, from their preparers (src/call.ts):
// each method prepares (reads and validates) and runs; the pool prepares and runs later.

import { definePreparer, type Prepared, type Preparer } from '../call.js';
import { allArrays, largest, type StructuredCall } from './validate.js';

/** A prepared call of a structured row. */
export function prepared(c: StructuredCall, run: () => unknown): Prepared {
  const arrays = allArrays(c);
  return { size: largest(arrays), arrays, run };
}

type MethodName = 'backward' | 'backwardFromOutput' | 'derivative' | 'weightGradient';

/** The function `name` (the forward call) with its methods; methods a row lacks throw from their preparer. */
export function publicFunction(name: string, methods: { forward: Preparer } & Partial<Record<MethodName, Preparer>>): unknown {
  const forward = definePreparer(function (x: unknown, opts?: unknown): unknown {
    return methods.forward([x, opts]).run();
  }, methods.forward);
  Object.defineProperty(forward, 'name', { value: name });
  for (const m of ['backward', 'backwardFromOutput', 'derivative', 'weightGradient'] as const) {
    const prepare = methods[m];
    if (!prepare) continue;
    const method = definePreparer((a?: unknown, b?: unknown, c?: unknown): unknown => prepare([a, b, c]).run(), prepare);
    Object.defineProperty(forward, m, { value: method, enumerable: true, writable: true, configurable: true });
  }
  return forward;
}
