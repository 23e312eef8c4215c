// The benchmark cases: which exported function to call, with which options and in which
// mode, and the obvious JavaScript loop a user would write for the same thing (demo/naive.js,
// the one table of naive loops, with the case's options bound). Cases whose function the
// package does not export yet are skipped, so new activations show up here without bench
// changes. Browser-safe: the bench page imports this module too.
//
// naive signatures: forward (x, y); backward (dy, x, dx); from output (dy, y, dx).

import { naiveLoop } from '../demo/naive.js';

/** Row length of the row-wise cases (softmax family, glu). */
export const ROW = 1024;

const fwd = (fn, opts = {}, extra = {}) => ({
  id: fn, fn, opts, mode: 'forward', inputs: ['x'], naive: naiveLoop(fn, opts), ...extra,
});
const bwd = (fn, opts = {}) => ({
  id: `${fn}.backward`, fn, opts, mode: 'backward', inputs: ['dy', 'x'], naive: naiveLoop(fn, opts, 'backward'),
});
const bwdY = (fn, opts = {}) => ({
  id: `${fn}.backwardFromOutput`, fn, opts, mode: 'backwardFromOutput', inputs: ['dy', 'y'],
  naive: naiveLoop(fn, opts, 'backwardFromOutput'), forwardOf: naiveLoop(fn, opts),
});

/** Every case, in report order. Peers look cases up by id. */
export const CASES = [
  fwd('relu'),
  fwd('leakyRelu'),
  fwd('sigmoid'),
  fwd('tanh'),
  fwd('relu6'),
  fwd('elu'),
  fwd('selu'),
  fwd('celu'),
  fwd('gelu', { approximate: 'none' }),
  fwd('gelu', { approximate: 'tanh' }, { id: 'gelu(tanh)' }),
  fwd('silu'),
  fwd('mish'),
  fwd('softplus'),
  fwd('logsigmoid'),
  fwd('softsign'),
  fwd('hardsigmoid'),
  fwd('hardswish'),
  fwd('hardtanh'),
  fwd('tanhshrink'),
  fwd('softshrink'),
  fwd('hardshrink'),
  fwd('threshold', { threshold: 0.1, value: 0 }),
  fwd('prelu', { weight: 0.25 }),
  fwd('softmax', { rowLength: ROW }),
  fwd('logSoftmax', { rowLength: ROW }),
  fwd('softmin', { rowLength: ROW }),
  fwd('rrelu'),
  fwd('glu', { rowLength: ROW }, { outLength: (n) => n >> 1 }),
  bwdY('sigmoid'),
  bwdY('tanh'),
  bwd('gelu'),
  bwd('silu'),
  bwd('relu'),
];

/** The exported function a case calls, or undefined when the package lacks it. */
export function target(W, c) {
  const f = W[c.fn];
  if (typeof f !== 'function') return undefined;
  if (c.mode === 'forward') return f;
  return typeof f[c.mode] === 'function' ? f[c.mode] : undefined;
}

/** The cases the package can run now (optionally only those whose id is in `ids`). */
export function availableCases(W, ids) {
  const unknown = ids?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  return CASES.filter((c) => (!ids || ids.includes(c.id)) && target(W, c));
}
