// The pure-JavaScript backend: float64 math, rounded once on store. The most accurate
// backend, used where WebAssembly is unavailable, for Float64Array data, and on demand.

import type { Backend, ElementOp, FloatArray } from './backend.js';

export const jsBackend: Backend = {
  name: 'js',

  map(op: ElementOp, x: FloatArray, out: FloatArray): void {
    const { js: f, a, b } = op;
    const n = x.length;
    for (let i = 0; i < n; i++) out[i] = f(x[i]!, a, b);
  },

  scale(op: ElementOp, dy: FloatArray, x: FloatArray, out: FloatArray): void {
    const { js: f, a, b } = op;
    const n = x.length;
    for (let i = 0; i < n; i++) out[i] = dy[i]! * f(x[i]!, a, b);
  },
};
