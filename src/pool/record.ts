// Recording a call: the pool runs the public function itself (so validation, defaults,
// output allocation and the choice of kernels are the sync API's own) against a backend
// that computes nothing and writes down each operation with its operands. The pool then
// splits the recorded steps across its workers.

import { addChannelSums, type ChannelSums } from '../channels.js';
import {
  isGenerated, isShifted, type Backend, type ElementOp, type Operand, type PairOp, type ReduceOp, type RowOp, type Shifted, type StridedOp,
  type Strides, type TripleOp,
} from '../backends/backend.js';
import type { KernelName } from '../generated/kernels.js';
import { CHUNK } from '../memory.js';
import { sharesMemory } from '../args/arrays.js';

/** A Backend operation: the kernel, its parameters and the shape of its operands. */
export interface OpShape {
  readonly kind: 'map' | 'map2' | 'map3' | 'rows' | 'strided';
  /** An export of the op's kind (the recorder takes it from a typed op). */
  readonly kernel: KernelName;
  readonly a: number;
  readonly b: number;
  /** Elements per unit of each input and of the output. */
  readonly widths: readonly number[];
  readonly outWidth: number;
  readonly units: number;
}

/** One recorded operation over `units` units (elements, or rows), with its operands. */
export interface Step extends OpShape {
  readonly inputs: readonly Operand[];
  readonly out: Float32Array;
  /** Strided steps: the geometry (units are its slabs; widths are unused). */
  readonly strides?: Strides;
}

/** Thrown by the recorder for what it cannot hand to workers; the call then runs on the calling thread. */
export class Unrecordable extends Error {}

export class Recorder implements Backend {
  readonly name = 'wasm-simd';
  /**
   * Whole rows of any length go to rows() when the call is a row-wise function that the
   * workers can call themselves for long rows (Job.call); otherwise rows() is unrecordable.
   */
  readonly maxRowLength: number;
  readonly steps: Step[] = [];
  /** Work for the calling thread once every step has run (bias gradients: sums of an output). */
  readonly after: (() => void)[] = [];

  constructor(rowsCallable: boolean) {
    this.maxRowLength = rowsCallable ? Infinity : 0;
  }

  private add(
    kind: Step['kind'], op: { kernel: KernelName; a: number; b: number }, inputs: readonly Operand[], out: Float32Array,
    units: number, widths: readonly number[], outWidth = 1, strides?: Strides,
  ): void {
    // (Float64 data goes to the js backend, never here; this keeps steps.ts honest.)
    if (!(out instanceof Float32Array)) throw new Unrecordable('float64 output');
    for (const o of inputs) if (!isGenerated(o) && !(o instanceof Float32Array)) throw new Unrecordable('float64 input');
    if (units > 0) this.steps.push({ kind, kernel: op.kernel, a: op.a, b: op.b, inputs, widths, out, outWidth, units, strides });
  }

  map(op: ElementOp, x: Operand, out: Float32Array): void {
    this.add('map', op, [this.unshift(x, out, [])], out, out.length, [1]);
  }

  map2(op: PairOp, u: Operand, v: Operand, out: Float32Array, sums?: ChannelSums): void {
    // (Only the last input is ever shifted: x of (dy, x).)
    this.add('map2', op, [u, this.unshift(v, out, [u])], out, out.length, [1, 1]);
    if (sums) {
      this.after.push(() => {
        addChannelSums(out, 0, sums);
        sums.write();
      });
    }
  }

  /**
   * The workers have no fused form of x + bias: a step of the add kernel writes it to out,
   * which the activation's step then reads in place; bitwise the same values, two passes
   * over memory instead of one. Where out is x or another input, a temporary instead: no
   * step may change an input, or the calling thread could not rerun the call.
   */
  private unshift(o: Operand, out: Float32Array, others: readonly Operand[]): Operand {
    if (!isShifted(o)) return o;
    const { x, bias } = o as Shifted;
    if (!(x instanceof Float32Array)) throw new Unrecordable('float64 input');
    const clash = [x, ...others].some((a) => !isGenerated(a) && sharesMemory(a, out));
    const into = clash ? new Float32Array(out.length) : out;
    if (typeof bias === 'number') this.add('map', { kernel: 'bias_add_scalar', a: bias, b: 0 }, [x], into, into.length, [1]);
    else this.add('map2', { kernel: 'bias_add', a: 0, b: 0 }, [x, bias], into, into.length, [1, 1]);
    return into;
  }

  map3(op: TripleOp, u: Operand, v: Operand, w: Operand, out: Float32Array): void {
    this.add('map3', op, [u, v, w], out, out.length, [1, 1, 1]);
  }

  rows(op: RowOp, inputs: readonly Float32Array[], out: Float32Array, rows: number): void {
    if (this.maxRowLength === 0) throw new Unrecordable('rows outside a row-wise function');
    if (rows === 0) return;
    this.add('rows', op, inputs, out, rows, inputs.map((a) => a.length / rows), out.length / rows);
  }

  strided(op: StridedOp, inputs: readonly Float32Array[], out: Float32Array, strides: Strides): void {
    if (this.maxRowLength === 0) throw new Unrecordable('strided outside a row-wise function');
    // Longer dimensions are composed column by column on one thread (rows.ts); the workers'
    // single-pass kernel would not give the same bits.
    if (strides.size > CHUNK) throw new Unrecordable('a dimension longer than one chunk');
    this.add('strided', op, inputs, out, strides.slabs * strides.size * strides.inner === 0 ? 0 : strides.slabs, [], 0, strides);
  }

  reduce(_op: ReduceOp, _inputs: readonly Float32Array[]): number {
    throw new Unrecordable('reductions');
  }
}
