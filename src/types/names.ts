// activate()'s types: a name is checked against the names it accepts (the package's, its
// aliases, the framework spellings), and its options are that name's; a name of type
// `string` (read from a config file) is accepted with loose options, checked at run time.

import type { ActivationOptions } from '../generated/api.js';
import type { FloatArray, OptionsArg, OutOption } from './arrays.js';

/** Every name activate() accepts. */
export type ActivationName = keyof ActivationOptions;

/**
 * The name parameter for an argument of type N: N itself when it is a known name or a
 * plain `string`; otherwise ActivationName, so a misspelled literal is a type error.
 */
export type KnownName<N extends string> = string extends N ? N : N extends ActivationName ? N : ActivationName;

/** Options for a name only known at run time: any option (checked by the function), and `out`. */
export interface LooseOptions<O extends FloatArray> extends OutOption<O> {
  readonly [option: string]: unknown;
}

/** The options argument for name N: that name's options (required where they are), or loose ones for a `string`. */
export type NamedOptionsArg<N extends string, O extends FloatArray> =
  string extends N ? [opts?: LooseOptions<O>]
  : N extends ActivationName ? OptionsArg<ActivationOptions[N], O>
  : [opts?: LooseOptions<O>];
