// Public functions of the non-element-wise catalogue rows, built from the rows.

import { STRUCTURED, type StructuredSpec } from '../catalogue/index.js';
import type { GluActivation, PreluActivation, RowwiseActivation, RreluActivation } from '../types/functions.js';
import { gluFunction, softmaxFunction } from './rows.js';
import { preluFunction, rreluFunction } from './slopes.js';

export type StructuredActivation = RowwiseActivation | GluActivation | PreluActivation | RreluActivation;

function build(spec: StructuredSpec): StructuredActivation {
  switch (spec.kind) {
    case 'softmax': return softmaxFunction(spec);
    case 'glu': return gluFunction(spec);
    case 'prelu': return preluFunction(spec);
    case 'rrelu': return rreluFunction(spec);
  }
}

/** One public function per row, by name. */
export const STRUCTURED_FUNCTIONS: ReadonlyMap<string, StructuredActivation> = new Map(
  STRUCTURED.map((spec) => [spec.name, build(spec)]),
);
