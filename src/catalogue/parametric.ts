// Rectifiers whose slopes are data: prelu (learned, per channel) and rrelu (sampled per
// element in training). Their float64 math is leakyRelu's with the slope as an input.

import { arrayOption, booleanOption, choiceOption, integerOption, numberOption, type OptionSpec, type SlopeSpec } from './structured.js';
import { ACCEPTED, readArray } from '../args/arrays.js';
import { typedArrayTag } from '../args/intrinsics.js';
import { parseInteger, parseNumber } from '../args/options.js';
import { describe, rangeError, typeError } from '../errors.js';

/** prelu's weight: a number, or a Float32Array / Float64Array of per-channel slopes. */
const weight: OptionSpec = {
  name: 'weight',
  type: 'number | Float32Array | Float64Array',
  default: '0.25 (PyTorch\'s init)',
  value: 0.25,
  doc: 'the slope for x ≤ 0: one number, or one per channel (length C; see layout)',
  parse: (fn, v, ctx) => {
    if (typeof v === 'number') return parseNumber(fn, 'weight', v, {}, ctx.single);
    if (typedArrayTag(v) === undefined) {
      throw typeError(fn, `weight must be a number, ${ACCEPTED}; got ${describe(v)}`);
    }
    const w = readArray(fn, 'weight', v);
    if (w.length === 0) throw rangeError(fn, 'weight must hold at least one slope; got an empty array');
    const bad = w.view.findIndex((s) => Number.isNaN(s));
    if (bad >= 0) throw rangeError(fn, `weight[${bad}] is NaN`);
    return w;
  },
};

export const prelu: SlopeSpec = {
  name: 'prelu',
  kind: 'prelu',
  family: 'Rectifiers',
  formula: 'x if x > 0 else w_c·x, with w_c the slope of x\'s channel c',
  gradient: 'dx = dy if x > 0 else w_c·dy; d/dw_c = Σ dy·x over the channel\'s x ≤ 0 (weightGradient)',
  options: [
    weight,
    choiceOption('layout', ['channelsFirst', 'channelsLast'],
      'where the channel axis is: channelsFirst = (N, C, *) flattened, PyTorch\'s dim 1; channelsLast = (…, C)'),
    integerOption('innerSize', 1, 'channelsFirst only: elements per channel per sample (the product of the * dims)'),
  ],
  methods: ['forward', 'backward', 'derivative', 'weightGradient'],
  kink: "f'(0) = w_c: the slope applies at x = 0 (PyTorch)",
  accuracy: 'exact (bitwise the float32 rounding of the reference); weightGradient: float64 sums, rounded once',
  notes: 'A number weight runs the leakyRelu kernel; per-channel weights are expanded chunk by chunk. '
    + 'weightGradient is a float64 JavaScript reduction on every backend (exact products, one rounding at the end). '
    + 'At x = 0 the slope applies (PyTorch). NaN x gives NaN out and NaN in its channel\'s weight gradient.',
};

const training = booleanOption('training', false,
  'sample a slope per element (x ≤ 0) from U(lower, upper); otherwise use (lower + upper)/2', ['forward', 'derivative', 'backward']);

export const rrelu: SlopeSpec = {
  name: 'rrelu',
  kind: 'rrelu',
  family: 'Rectifiers',
  formula: 'x if x > 0 else a·x; a = (lower + upper)/2 in eval, a ~ U(lower, upper) per element in training',
  gradient: 'eval: dx = dy if x > 0 else a·dy; training: dx = dy·noise, noise = the sampled derivative the forward wrote',
  options: [
    numberOption('lower', 1 / 8, '1/8', 'lower bound of the slope'),
    numberOption('upper', 1 / 3, '1/3', 'upper bound of the slope (≥ lower)'),
    training,
    {
      ...integerOption('seed', 0, 'training: seeds the slope generator (a non-negative safe integer); same seed, same slopes on every backend', ['forward', 'derivative']),
      type: 'non-negative safe integer',
      default: 'a fresh random seed per call',
      value: undefined,
      parse: (fn, v) => parseInteger(fn, 'seed', v, 0, Number.MAX_SAFE_INTEGER, 'a non-negative safe integer'),
    },
    arrayOption('noise', 'training: forward writes the sampled derivative (1 for x > 0, the slope for x ≤ 0) into it; '
      + 'backward reuses it (dx = dy·noise). Same type and length as x.', ['forward', 'backward']),
  ],
  methods: ['forward', 'backward', 'derivative'],
  kink: "f'(0) = the slope: it applies at x = 0 (PyTorch)",
  accuracy: 'exact (bitwise the float32 rounding of the reference) given the slopes',
  notes: 'Slopes: counter-based generator (see src/structured/random.ts); slope_i = lower + (upper - lower)·u_i, '
    + 'rounded to float32 for float32 data. Training backward needs noise (there is no stored state). '
    + 'In eval, noise is ignored, as in PyTorch.',
};
