// Types of catalogue rows. See ./index.ts for the catalogue itself.

import type { ElementwisePrefix } from '../generated/kernels.js';

/** A scalar function of one element and the activation's two kernel parameters. */
export type Scalar = (v: number, a: number, b: number) => number;

export interface NumberParam {
  readonly name: string;
  /** PyTorch's default; rows whose PyTorch parameter has none set `required`. */
  readonly default: number;
  /** The caller must pass it (a TypeError names it otherwise). */
  readonly required?: boolean;
  /** Why `v` is not allowed (NaN is always rejected), or undefined if it is. */
  readonly check?: (v: number) => string | undefined;
  readonly doc: string;
}

export interface ChoiceParam {
  readonly name: string;
  readonly default: string;
  readonly choices: readonly string[];
  readonly doc: string;
}

export type Param = NumberParam | ChoiceParam;

/** Parameter values in `params` order: numbers, or strings for choice parameters. */
export type ParamValues = readonly (number | string)[];

/**
 * Accuracy class (the contract in the README's Accuracy section):
 * - exact: bitwise the float32 rounding of the reference (sign of zero may differ);
 * - hard: ≤ 2 ULP (hardsigmoid, hardswish);
 * - smooth: ≤ 3 ULP where the reference is normal, absolute ≤ 2^-126 below;
 * - tail: ≤ 4 ULP where |reference| ≥ 2^-20, absolute ≤ 2^-40 below (gelu, mish, tanhshrink).
 * Derivatives and backward: ≤ 4 ULP or absolute ≤ 2^-24·max(1, |dy|), for every class
 * except exact, whose derivatives are exact too.
 */
export type Accuracy = 'exact' | 'hard' | 'smooth' | 'tail';

/**
 * A row's wasm kernels: `<prefix>_forward`, … (src/generated/kernels.ts). A row named after
 * its kernels needs no `kernel`; any other row maps its parameter values to a prefix.
 */
type KernelPrefix =
  | { readonly name: ElementwisePrefix; readonly kernel?: undefined }
  | {
      readonly name: string;
      /** wasm export prefix for these parameters. */
      readonly kernel: (p: ParamValues) => ElementwisePrefix;
    };

export type ElementwiseSpec = KernelPrefix & ElementwiseRow;

interface ElementwiseRow {
  readonly aliases?: readonly string[];
  /** Family heading in the docs. */
  readonly family: string;
  readonly formula: string;
  readonly params: readonly Param[];
  /**
   * Why this combination of parameter values is not allowed (a RangeError says so), or
   * undefined if it is. For rules across parameters; single values use `check`.
   */
  readonly checkParams?: (p: ParamValues) => string | undefined;
  /** Maps parameter values to the kernel arguments a, b (default: the first two numbers). */
  readonly kernelArgs?: (p: ParamValues) => readonly [number, number];
  readonly forward: Scalar;
  readonly derivative: Scalar;
  /** f' as a function of y = f(x), where one exists. */
  readonly fromOutput?: Scalar;
  /** Why the from-output form is not valid for these parameters, if it is not. */
  readonly fromOutputCheck?: (p: ParamValues) => string | undefined;
  /** How the derivative is defined at kinks (PyTorch's choice). */
  readonly kink?: string;
  readonly accuracy: Accuracy;
}
