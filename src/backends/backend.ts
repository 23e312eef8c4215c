// The backend interface: three implementations (wasm-simd, wasm, js) execute the same
// fully resolved operations. The public API resolves names, options and kernels into
// an op before it reaches a backend, so backends know nothing about the catalogue.

export type BackendName = 'wasm-simd' | 'wasm' | 'js';

export type FloatArray = Float32Array | Float64Array;

/** One element-wise function with its parameters bound. */
export interface ElementOp {
  /** Name of the wasm export that computes it. */
  readonly kernel: string;
  /** The float64 reference computation of one element (used by the js backend). */
  readonly js: (v: number, a: number, b: number) => number;
  readonly a: number;
  readonly b: number;
}

export interface Backend {
  readonly name: BackendName;
  /** out[i] = op(x[i]). Arrays are validated: equal lengths, out === x or disjoint. */
  map(op: ElementOp, x: FloatArray, out: FloatArray): void;
  /** out[i] = dy[i] · op(x[i]): the chain rule fused in one pass. */
  scale(op: ElementOp, dy: FloatArray, x: FloatArray, out: FloatArray): void;
}
