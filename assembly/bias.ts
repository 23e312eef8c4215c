// The bias epilogue's add (src/bias.ts): x + b rounded once to float32, exactly what a
// separate add pass gives, so f(x + b) fused is bitwise f(addBias(x, b)). The TypeScript
// side runs it on each chunk in scratch right before the activation's kernel, so the sum
// never goes to memory. Exports (scripts/kernel-table.mjs):
//   bias_add(x, b, y, n, _, _)          y = x + b   (per-element: channel values expanded)
//   bias_add_scalar(x, y, n, a, _)      y = x + a   (one bias for every element)
// f32 data at 4-byte aligned byte addresses; the output may equal any input.

import { add } from "./lanes";

@final export class BiasAdd {
  @inline apply<V>(x: V, b: V, _a: V, _b: V): V { return add<V>(x, b); }
}

@final export class BiasAddScalar {
  @inline apply<V>(x: V, a: V, _b: V): V { return add<V>(x, a); }
}
