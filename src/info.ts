// A data-only description of the catalogue (names, parameters, defaults, choices) for
// user interfaces, docs and tests that should pick up new activations without edits.
// Derived from the catalogue rows; functions and kernel details stay internal.

import { ELEMENTWISE, type Param } from './catalogue/index.js';

/** One parameter of an activation, as its option is named. */
export interface ParamInfo {
  readonly name: string;
  /** 'number' options take a number; 'choice' options one of `choices`. */
  readonly kind: 'number' | 'choice';
  /** PyTorch's default (for a required parameter: a typical value). */
  readonly default: number | string;
  readonly choices?: readonly string[];
  /** The option must be passed (no PyTorch default). */
  readonly required: boolean;
  readonly doc: string;
}

/** One element-wise activation: `api[name]` is its function (with .derivative, .backward). */
export interface ActivationInfo {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly family: string;
  readonly formula: string;
  readonly params: readonly ParamInfo[];
  /** Whether `backwardFromOutput(dy, y)` is available. */
  readonly backwardFromOutput: boolean;
}

function paramInfo(p: Param): ParamInfo {
  const required = 'required' in p && p.required === true;
  return 'choices' in p
    ? Object.freeze({ name: p.name, kind: 'choice', default: p.default, choices: Object.freeze([...p.choices]), required, doc: p.doc })
    : Object.freeze({ name: p.name, kind: 'number', default: p.default, required, doc: p.doc });
}

/** Every element-wise activation in documentation order, with its options. */
export const activationInfo: readonly ActivationInfo[] = Object.freeze(
  ELEMENTWISE.map((s) =>
    Object.freeze({
      name: s.name,
      aliases: Object.freeze([...(s.aliases ?? [])]),
      family: s.family,
      formula: s.formula,
      params: Object.freeze(s.params.map(paramInfo)),
      backwardFromOutput: s.fromOutput !== undefined,
    }),
  ),
);
