// The shapes of the public activation functions. Each function's own documentation
// (formula, options, defaults, kink, example) is generated from the catalogue into
// src/generated/api.ts; these interfaces hold what the functions of a kind share.
//
// Every call is generic in its input X (Float32Array, Float64Array or, where the lib has
// it, Float16Array, over any buffer) and
// in `out` (O): it returns `out` when given, otherwise a new array (NewArray<X>). Other
// arrays of the call (dy, y, out) have x's element type over any buffer (SameType<X>).

import type { BiasGradOption, BiasOptions, FloatArray, NewArray, OptionsArg, Result, SameType } from './arrays.js';
import type { GluOptions, PreluOptions, RreluOptions, SoftmaxOptions } from '../generated/api.js';

/**
 * An element-wise activation f with options P. Float32Array in gives Float32Array out
 * (wasm backends); Float64Array in gives Float64Array out, computed in float64 by the JS
 * backend; Float16Array in gives Float16Array out, computed in float32, rounded once to half.
 */
export interface ElementwiseActivation<P extends object> {
  /**
   * y = f(x) element-wise, into a new array, or into `opts.out` (which may be x itself).
   * @param x the input.
   * @param opts the activation's options, and `out`.
   * @returns `opts.out` if given, otherwise a new array of x's type.
   */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P & BiasOptions, O>): Result<X, O>;
  /**
   * The chain rule: dx = dy · f'(x), fused in one pass (no f'(x) array is formed).
   * @param dy the gradient of the loss with respect to the output.
   * @param x the input the forward call took (same type and length as dy).
   * @param opts the forward call's options, and `out` (which may be dy or x).
   * @returns dx: `opts.out` if given, otherwise a new array.
   */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P & BiasOptions & BiasGradOption<SameType<X>>, O>): Result<X, O>;
  /**
   * f'(x) element-wise (at kinks, the convention the function's documentation states).
   * @returns `opts.out` if given, otherwise a new array.
   */
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P & BiasOptions, O>): Result<X, O>;
}

/** An element-wise activation whose derivative is a function of its output y = f(x). */
export interface OutputDifferentiable<P extends object> extends ElementwiseActivation<P> {
  /**
   * dx = dy · f'(x) computed from the output y = f(x) instead of x: a training step can
   * keep y and drop x (and the forward may run in place, `{ out: x }`).
   * @param dy the gradient of the loss with respect to the output.
   * @param y the forward call's result.
   * @returns dx: `opts.out` if given (may be dy or y), otherwise a new array.
   */
  backwardFromOutput<X extends FloatArray, O extends SameType<X> = never>(dy: X, y: SameType<X>, ...opts: OptionsArg<P & BiasOptions & BiasGradOption<SameType<X>>, O>): Result<X, O>;
}

/**
 * softmax, logSoftmax, softmin: over each row of `rowLength` consecutive elements (a batch
 * of rows, flattened). `rowLength` is required: `{ rowLength: x.length }` for one row.
 */
export interface RowwiseActivation<P extends object = SoftmaxOptions> {
  /**
   * The activation of each row, into a new array or `opts.out` (which may be x).
   * @param x rows of `rowLength` elements, one after another.
   */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Result<X, O>;
  /**
   * dx from dy and the input x (the output of each row is recomputed).
   * @returns dx: `opts.out` if given (may be dy or x), otherwise a new array.
   */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Result<X, O>;
  /**
   * dx from dy and the output y (the natural form: nothing is recomputed).
   * @returns dx: `opts.out` if given (may be dy or y), otherwise a new array.
   */
  backwardFromOutput<X extends FloatArray, O extends SameType<X> = never>(dy: X, y: SameType<X>, ...opts: OptionsArg<P, O>): Result<X, O>;
  /** Throws a TypeError: the Jacobian is not diagonal, so there is no derivative array; use backward. */
  derivative(x: FloatArray, opts?: unknown): never;
}

/** glu: each row splits into halves a and b; output rows (a·σ(b)) are half as long. */
export interface GluActivation<P extends object = GluOptions> {
  /**
   * a·σ(b) for the halves of each row: a result of length x.length / 2.
   * @param x rows of `rowLength` (even; default the whole array) elements.
   */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Result<X, O>;
  /**
   * dx (the length of x) from dy (half the length) and x: da = dy·σ(b), db = dy·a·σ'(b).
   * @returns dx: `opts.out` if given (may be x), otherwise a new array.
   */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Result<X, O>;
  /** Throws a TypeError: the gradient needs a and b, not the output alone; use backward. */
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): never;
  /** Throws a TypeError: not element-wise; use backward. */
  derivative(x: FloatArray, opts?: unknown): never;
}

/** prelu: leakyRelu with a learned slope, one number or one per channel. */
export interface PreluActivation<P extends object = PreluOptions> {
  /** x if x > 0, else w_c·x with w_c the slope of x's channel; into a new array or `opts.out`. */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Result<X, O>;
  /** dx = dy if x > 0, else w_c·dy. */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<P, O>): Result<X, O>;
  /** 1 if x > 0, else w_c (at x = 0 the slope applies, as in PyTorch). */
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Result<X, O>;
  /**
   * d loss / d weight: Σ dy·x over the channel's elements with x ≤ 0, one value per
   * channel (length C, or 1 for a number weight), summed in float64 and rounded once.
   */
  weightGradient<X extends FloatArray>(dy: X, x: SameType<X>, opts?: P): NewArray<X>;
  /** Throws a TypeError: use backward. */
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): never;
}

/** rrelu: leakyRelu with a random slope per element in training, the mean slope in eval. */
export interface RreluActivation<P extends object = RreluOptions> {
  /**
   * x if x > 0, else a·x: a = (lower + upper)/2 in eval; in training a ~ U(lower, upper)
   * per element, and `noise` (if given) receives the sampled derivative for backward.
   */
  <X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<P, O>): Result<X, O>;
  /** Eval: leakyRelu's backward with (lower + upper)/2; training: dx = dy·noise (noise required). */
  backward<X extends FloatArray, O extends SameType<X> = never>(dy: X, x: SameType<X>, ...opts: OptionsArg<Omit<P, 'seed'>, O>): Result<X, O>;
  /** Eval: leakyRelu's derivative with (lower + upper)/2; training: the sampled derivative for `seed`. */
  derivative<X extends FloatArray, O extends SameType<X> = never>(x: X, ...opts: OptionsArg<Omit<P, 'noise'>, O>): Result<X, O>;
  /** Throws a TypeError: use backward. */
  backwardFromOutput(dy: FloatArray, y: FloatArray, opts?: unknown): never;
}
