// The row-wise activations: softmax, softmin, logSoftmax and glu. Rows up to the
// backend's maxRowLength go to Backend.rows (the wasm backends stream chunks of whole rows
// through scratch); longer rows are composed here, row by row, from reduce and map passes
// (max, Σ, write), so any row length works without growing memory. Which route a row takes
// depends only on its length and the backend, never on where the data lives, so the
// streamed and zero-copy paths give bitwise-equal results.

import { newArray, type ArrayArg } from '../args/arrays.js';
import type { Backend, FloatArray } from '../backends/backend.js';
import type { RowsKernel, StridedKernel } from '../generated/kernels.js';
import { backendFor } from '../backends/loader.js';
import type { Prepared } from '../call.js';
import type { GluSpec, SoftmaxSpec } from '../catalogue/index.js';
import { f32Pair, row } from '../catalogue/softmax.js';
import type { GluActivation, RowwiseActivation } from '../types/functions.js';
import { prepared, publicFunction } from './public.js';
import { checkOutput, expectLength, geometryOf, gluRows, missingMethod, outputView, readCall, result, sharesMemory, type Geometry } from './validate.js';

/** Calls `f(r)` for every row r. */
function eachRow(rows: number, f: (r: number) => void): void {
  for (let r = 0; r < rows; r++) f(r);
}


// ---- softmax family: long rows -------------------------------------------------------------

/** One long row x → y of softmax/softmin/logSoftmax from max, Σ and write passes. */
function longForward(b: Backend, spec: SoftmaxSpec, x: FloatArray, y: FloatArray): void {
  const sign = spec.kernel === 'softmin' ? -1 : 1;
  const base = spec.kernel === 'softmin' ? 'softmin' : 'softmax';
  const m = b.reduce({ kernel: `${base}_max`, combine: 'max', js: (u) => sign * u, a: 0, b: 0 }, [x]);
  const s = b.reduce({ kernel: `${base}_sumexp`, combine: 'sum', js: (u, _v, mm) => Math.exp(sign * u - mm), a: m, b: 0 }, [x]);
  if (spec.kernel === 'logSoftmax') {
    b.map({ kernel: 'logSoftmax_write', js: (u, mm, l) => u - mm - l, a: m, b: Math.fround(Math.log(s)) }, x, y);
  } else {
    b.map({ kernel: `${base}_write`, js: (u, mm, r) => Math.exp(sign * u - mm) * r, a: m, b: Math.fround(1 / s) }, x, y);
  }
}

/** One long row of the gradient from dy and the output y: a Σ pass and a write pass. */
function longFromOutput(b: Backend, spec: SoftmaxSpec, dy: FloatArray, y: FloatArray, dx: FloatArray): void {
  if (spec.kernel === 'logSoftmax') {
    const [hi, lo] = f32Pair(b.reduce({ kernel: 'softmax_sum', combine: 'sum', js: (u) => u, a: 0, b: 0 }, [dy]));
    b.map2({ kernel: 'logSoftmax_grad_write', js: (g, v, h, l) => g - Math.exp(v) * (h + l), a: hi, b: lo }, dy, y, dx);
    return;
  }
  const sign = spec.kernel === 'softmin' ? -1 : 1;
  const [hi, lo] = f32Pair(b.reduce({ kernel: 'softmax_dot', combine: 'sum', js: (u, v) => u * v, a: 0, b: 0 }, [dy, y]));
  b.map2({ kernel: `${spec.kernel}_grad_write`, js: (g, v, h, l) => sign * v * (g - h - l), a: hi, b: lo }, dy, y, dx);
}

/**
 * Calls f(cols, r) for every (slab, inner position) of a geometry whose dimension is longer
 * than the backend's rows: each column of `arrays` is gathered into a contiguous temporary
 * (cols[k]), and the last one (the output's) is scattered back after f. Slow, but only for
 * dimensions longer than 8 Ki elements that are not the last.
 */
function eachColumn(g: Geometry, arrays: readonly FloatArray[], f: (cols: FloatArray[]) => void): void {
  const { slabs, size, inner } = g;
  const cols = arrays.map((a) => new (a.constructor as Float32ArrayConstructor)(size));
  for (let k = 0; k < slabs; k++) {
    for (let l = 0; l < inner; l++) {
      const base = k * size * inner + l;
      for (let i = 0; i < arrays.length - 1; i++) {
        const a = arrays[i]!;
        const c = cols[i]!;
        for (let j = 0; j < size; j++) c[j] = a[base + j * inner]!;
      }
      f(cols);
      const out = arrays[arrays.length - 1]!;
      const c = cols[cols.length - 1]!;
      for (let j = 0; j < size; j++) out[base + j * inner] = c[j]!;
    }
  }
}

/** The public function of a softmax-family row. */
export function softmaxFunction(spec: SoftmaxSpec): RowwiseActivation {
  const prepareForward = (x: unknown, opts: unknown): Prepared => {
    const c = readCall(spec, 'forward', [['x', x]], opts);
    const xa = c.arrays[0]!;
    const g = geometryOf(c.fn, xa.length, c.o, true);
    checkOutput(c, xa, xa.length, [xa]);
    return prepared(c, () => {
      const x = xa.view;
      const out = outputView(c, xa, xa.length);
      const b = backendFor(x);
      if (g.size <= b.maxRowLength) {
        if (g.inner === 1) b.rows({ kernel: `${spec.kernel}_rows`, js: spec.js.forward, a: 0, b: 0 }, [x], out, g.slabs);
        else b.strided({ kernel: `${spec.kernel}_strided`, js: spec.js.stridedForward, a: 0, b: 0 }, [x], out, g);
      } else if (g.inner === 1) {
        eachRow(g.slabs, (r) => longForward(b, spec, row(x, r, g.size), row(out, r, g.size)));
      } else {
        eachColumn(g, [x, out], ([xc, yc]) => longForward(b, spec, xc!, yc!));
      }
      return result(c, out);
    });
  };

  /** Shared by backward (from x) and backwardFromOutput (from y). */
  const prepareGradient = (method: 'backward' | 'backwardFromOutput', dy: unknown, z: unknown, opts: unknown): Prepared => {
    const zName = method === 'backward' ? 'x' : 'y';
    const c = readCall(spec, method, [['dy', dy], [zName, z]], opts);
    const [ga, za] = c.arrays as [ArrayArg, ArrayArg];
    expectLength(c.fn, za, ga.length, `dy has length ${ga.length}`);
    const g = geometryOf(c.fn, ga.length, c.o, true);
    checkOutput(c, ga, ga.length, [ga, za]);
    const fromX = method === 'backward';
    return prepared(c, () => {
      const out = outputView(c, ga, ga.length);
      const b = backendFor(ga.view);
      if (g.size <= b.maxRowLength) {
        if (g.inner === 1) {
          const kernel: RowsKernel = fromX ? `${spec.kernel}_rows_backward` : `${spec.kernel}_rows_backward_from_output`;
          b.rows({ kernel, js: fromX ? spec.js.backward : spec.js.fromOutput, a: 0, b: 0 }, [ga.view, za.view], out, g.slabs);
        } else {
          const kernel: StridedKernel = fromX ? `${spec.kernel}_strided_backward` : `${spec.kernel}_strided_backward_from_output`;
          b.strided({ kernel, js: fromX ? spec.js.stridedBackward : spec.js.stridedFromOutput, a: 0, b: 0 }, [ga.view, za.view], out, g);
        }
        return result(c, out);
      }
      // Long rows (or columns) from x: y into a temporary, then the from-output passes.
      const temp = fromX ? new (za.view.constructor as Float32ArrayConstructor)(g.size) : undefined;
      const one = (dyr: FloatArray, zr: FloatArray, dxr: FloatArray): void => {
        let y = zr;
        if (temp) {
          longForward(b, spec, zr, temp);
          y = temp;
        }
        longFromOutput(b, spec, dyr, y, dxr);
      };
      if (g.inner === 1) eachRow(g.slabs, (r) => one(row(ga.view, r, g.size), row(za.view, r, g.size), row(out, r, g.size)));
      else eachColumn(g, [ga.view, za.view, out], ([dyc, zc, dxc]) => one(dyc!, zc!, dxc!));
      return result(c, out);
    });
  };

  const noDerivative = (): never => {
    throw missingMethod(spec, 'derivative');
  };
  return publicFunction(spec.name, {
    forward: (a) => prepareForward(a[0], a[1]),
    backward: (a) => prepareGradient('backward', a[0], a[1], a[2]),
    backwardFromOutput: (a) => prepareGradient('backwardFromOutput', a[0], a[1], a[2]),
    derivative: noDerivative,
  }) as unknown as RowwiseActivation;
}

// ---- glu ------------------------------------------------------------------------------------

/** The public function of glu. */
export function gluFunction(spec: GluSpec): GluActivation {
  const { pair } = spec;
  const prepareForward = (x: unknown, opts: unknown): Prepared => {
    const c = readCall(spec, 'forward', [['x', x]], opts);
    const xa = c.arrays[0]!;
    const { rows, rowLength } = gluRows(c.fn, xa.length, c.o);
    checkOutput(c, xa, xa.length / 2, [xa]);
    return prepared(c, () => {
      const x = xa.view;
      const out = outputView(c, xa, xa.length / 2);
      const b = backendFor(x);
      if (rowLength <= b.maxRowLength) {
        b.rows({ kernel: 'glu_rows', js: spec.js.forward, a: 0, b: 0 }, [x], out, rows);
        return result(c, out);
      }
      const h = rowLength / 2;
      eachRow(rows, (r) => {
        const xr = row(x, r, rowLength);
        b.map2({ kernel: 'glu_pair', js: pair.forward, a: 0, b: 0 }, xr.subarray(0, h), xr.subarray(h), row(out, r, h));
      });
      return result(c, out);
    });
  };

  const prepareBackward = (dy: unknown, x: unknown, opts: unknown): Prepared => {
    const c = readCall(spec, 'backward', [['dy', dy], ['x', x]], opts);
    const [g, xa] = c.arrays as [ArrayArg, ArrayArg];
    const { rows, rowLength } = gluRows(c.fn, xa.length, c.o);
    expectLength(c.fn, g, xa.length / 2, `glu's output (half of x's ${xa.length}) has length ${xa.length / 2}`);
    checkOutput(c, xa, xa.length, [g, xa]);
    return prepared(c, () => {
      const out = outputView(c, xa, xa.length);
      const b = backendFor(xa.view);
      if (rowLength <= b.maxRowLength) {
        b.rows({ kernel: 'glu_rows_backward', js: spec.js.backward, a: 0, b: 0 }, [g.view, xa.view], out, rows);
        return result(c, out);
      }
      const h = rowLength / 2;
      // The two halves are written by separate passes that both read a and b: work on a
      // copy of each row when the output is x itself.
      const copy = sharesMemory(out, xa.view) ? newArray(xa.dtype, rowLength) : undefined;
      eachRow(rows, (r) => {
        let xr = row(xa.view, r, rowLength);
        if (copy) {
          copy.set(xr);
          xr = copy;
        }
        const dr = row(out, r, rowLength);
        const gr = row(g.view, r, h);
        const [a, bh] = [xr.subarray(0, h), xr.subarray(h)];
        b.map3({ kernel: 'glu_pair_backward_a', js: pair.gradA, a: 0, b: 0 }, gr, a, bh, dr.subarray(0, h));
        b.map3({ kernel: 'glu_pair_backward_b', js: pair.gradB, a: 0, b: 0 }, gr, a, bh, dr.subarray(h));
      });
      return result(c, out);
    });
  };

  return publicFunction(spec.name, {
    forward: (a) => prepareForward(a[0], a[1]),
    backward: (a) => prepareBackward(a[0], a[1], a[2]),
    backwardFromOutput: () => {
      throw missingMethod(spec, 'backwardFromOutput');
    },
    derivative: () => {
      throw missingMethod(spec, 'derivative');
    },
  }) as unknown as GluActivation;
}
