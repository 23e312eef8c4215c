// The one table of wasm builds and kernel exports. scripts/build-wasm.mjs generates from it:
//   assembly/generated/index.ts   the export list of every build (asc's entry file)
//   src/generated/kernels.ts      the export names as typed constants and unions
// Each export row: name, signature kind, the family (assembly/<module>.ts and the type
// argument: kernel class, pass or term) and the driver that runs it. The call in the
// generated entry is `driver<family>(args…)`.

/** Signature kinds: the parameters of the export (usize = byte address; f32 parameters a, b). */
export const KINDS = {
  /** y = f(x) element-wise */
  map: { params: ['x', 'y', 'n'], result: 'void' },
  /** y = f(u, v) element-wise; backward kernels dx = dy·f'(x) are pairs (dy, x) */
  pair: { params: ['u', 'v', 'y', 'n'], result: 'void' },
  /** y = f(u, v, w) element-wise */
  triple: { params: ['u', 'v', 'w', 'y', 'n'], result: 'void' },
  /** rows of len elements: y row r = f(x row r) */
  rows: { params: ['x', 'y', 'rows', 'len'], result: 'void' },
  /** rows from two inputs (dy, x or y): dx row r */
  rowsPair: { params: ['dy', 'x', 'dx', 'rows', 'len'], result: 'void' },
  /** a reduction over n elements (max → f32, sums → f64) */
  reduce: { params: ['x', 'n'], result: 'f64' },
  /** a reduction over n elements of two inputs */
  reducePair: { params: ['u', 'v', 'n'], result: 'f64' },
  /** a middle dimension: `slabs` slabs of size × stride elements, reduced over size for lanes [0, lanes) */
  strided: { params: ['x', 'y', 'slabs', 'size', 'lanes', 'stride', 'tmp'], result: 'void' },
  /** the same from two inputs (dy, x or y) */
  stridedPair: { params: ['dy', 'x', 'dx', 'slabs', 'size', 'lanes', 'stride'], result: 'void' },
  /** a conversion of n elements between half and single precision (no parameters a, b) */
  convert: { params: ['src', 'dst', 'n'], result: 'void', scalars: false },
};

/**
 * The builds, all from the same source. `backend` is the name getBackend() reports for
 * it; `threads` builds import a shared memory and serve the worker pool (which uses the
 * threads variant of the calling thread's build). `lazy` builds are loaded by dynamic
 * import() when chosen; the SIMD build is imported statically (the first call, before
 * init(), runs it). `schedule` builds get their unrolled vectors interleaved
 * (scripts/wasm-passes.mjs scheduleLoops: 25-60 % faster on V8 13+, ~25 % larger, bitwise
 * the same): all SIMD builds are, so calls before init() are as fast on Node 24/26 as on 20
 * (speed over the bundle's size), and a threads build is its single-thread build's code.
 */
export const BUILDS = [
  { name: 'simd', features: ['simd'], backend: 'wasm-simd', threads: false, lazy: false, schedule: true },
  { name: 'relaxed', features: ['simd', 'relaxed-simd'], backend: 'wasm-relaxed-simd', threads: false, lazy: true, schedule: true },
  { name: 'scalar', features: [], backend: 'wasm', threads: false, lazy: true, schedule: false },
  { name: 'simd-threads', features: ['simd', 'threads'], backend: 'wasm-simd', threads: true, lazy: true, schedule: true },
  { name: 'relaxed-threads', features: ['simd', 'relaxed-simd', 'threads'], backend: 'wasm-relaxed-simd', threads: true, lazy: true, schedule: true },
];

// ---- element-wise activations: four exports each ------------------------------------------
// [prefix, kernel class, module, options]; options: fromOutput (has f' as a function of y),
// narrow (exports whose loop runs two vectors per iteration: see drivers.ts Wide/Narrow).
const ELEMENTWISE = [
  ['relu', 'Relu', 'relu', { fromOutput: true }],
  ['leakyRelu', 'LeakyRelu', 'relu', { fromOutput: true }],
  ['sigmoid', 'Sigmoid', 'sigmoid', { fromOutput: true }],
  ['tanh', 'Tanh', 'tanh', { fromOutput: true }],
  ['hardtanh', 'Hardtanh', 'hard', { fromOutput: true }],
  ['hardsigmoid', 'Hardsigmoid', 'hard', { fromOutput: true }],
  ['hardsigmoidAffine', 'HardsigmoidAffine', 'hard', { fromOutput: true }],
  ['hardswish', 'Hardswish', 'hard', {}],
  ['softshrink', 'Softshrink', 'shrink', { fromOutput: true }],
  ['hardshrink', 'Hardshrink', 'shrink', { fromOutput: true }],
  ['threshold', 'Threshold', 'shrink', { fromOutput: true }],
  ['elu', 'Elu', 'elu', { fromOutput: true }],
  ['selu', 'Selu', 'elu', { fromOutput: true }],
  ['celu', 'Celu', 'elu', { fromOutput: true }],
  ['softplus', 'Softplus', 'softplus', { fromOutput: true }],
  ['softplusBeta', 'SoftplusBeta', 'softplus', { fromOutput: true }],
  ['logsigmoid', 'LogSigmoid', 'softplus', { fromOutput: true }],
  ['silu', 'Silu', 'silu', {}],
  ['mish', 'Mish', 'silu', { narrow: ['derivative', 'backward'] }],
  ['gelu', 'Gelu', 'gelu', { narrow: ['derivative', 'backward'] }],
  ['geluTanh', 'GeluTanh', 'gelu', {}],
  ['tanhshrink', 'Tanhshrink', 'tanhshrink', {}],
  ['softsign', 'Softsign', 'softsign', { fromOutput: true }],
];

/** The four modes of an element-wise activation: export suffix, kind, driver, method class. */
const MODES = [
  ['forward', 'map', 'map', 'Forward'],
  ['derivative', 'map', 'map', 'Derivative'],
  ['backward', 'pair', 'scale', 'Derivative'],
  ['backward_from_output', 'pair', 'scale', 'FromOutput'],
];

function elementwiseRows() {
  const rows = [];
  for (const [prefix, cls, module, o] of ELEMENTWISE) {
    for (const [mode, kind, driver, method] of MODES) {
      if (mode === 'backward_from_output' && !o.fromOutput) continue;
      const narrow = o.narrow?.includes(mode) ? 'Narrow' : '';
      rows.push({ name: `${prefix}_${mode}`, kind, module, family: `${method}<${cls}>`, driver: driver + narrow, prefix, mode });
    }
  }
  return rows;
}

// ---- structured kernels: rows (softmax family, glu), reductions and per-row pieces --------
const STRUCTURED = [
  // softmax family (assembly/softmax.ts): passes over whole rows …
  ['softmax_rows', 'rows', 'softmax', 'rowsForward', 'Up, NotLog'],
  ['softmin_rows', 'rows', 'softmax', 'rowsForward', 'Down, NotLog'],
  ['logSoftmax_rows', 'rows', 'softmax', 'rowsForward', 'Up, IsLog'],
  ['softmax_rows_backward', 'rowsPair', 'softmax', 'rowsBackward', 'Up, NotLog'],
  ['softmin_rows_backward', 'rowsPair', 'softmax', 'rowsBackward', 'Down, NotLog'],
  ['logSoftmax_rows_backward', 'rowsPair', 'softmax', 'rowsBackward', 'Up, IsLog'],
  ['softmax_rows_backward_from_output', 'rowsPair', 'softmax', 'rowsFromOutput', 'Up, NotLog'],
  ['softmin_rows_backward_from_output', 'rowsPair', 'softmax', 'rowsFromOutput', 'Down, NotLog'],
  ['logSoftmax_rows_backward_from_output', 'rowsPair', 'softmax', 'rowsFromOutput', 'Up, IsLog'],
  // … over a dimension that is not the last (assembly/softmax-dim.ts) …
  ['softmax_strided', 'strided', 'softmax', 'stridedForward', 'Up, NotLog'],
  ['softmin_strided', 'strided', 'softmax', 'stridedForward', 'Down, NotLog'],
  ['logSoftmax_strided', 'strided', 'softmax', 'stridedForward', 'Up, IsLog'],
  ['softmax_strided_backward', 'stridedPair', 'softmax', 'stridedBackward', 'Up, NotLog'],
  ['softmin_strided_backward', 'stridedPair', 'softmax', 'stridedBackward', 'Down, NotLog'],
  ['logSoftmax_strided_backward', 'stridedPair', 'softmax', 'stridedBackward', 'Up, IsLog'],
  ['softmax_strided_backward_from_output', 'stridedPair', 'softmax', 'stridedFromOutput', 'Up, NotLog'],
  ['softmin_strided_backward_from_output', 'stridedPair', 'softmax', 'stridedFromOutput', 'Down, NotLog'],
  ['logSoftmax_strided_backward_from_output', 'stridedPair', 'softmax', 'stridedFromOutput', 'Up, IsLog'],
  // … and the per-row pieces for rows longer than the TypeScript side's scratch
  ['softmax_max', 'reduce', 'softmax', 'maxOf', 'Up', 'f32'],
  ['softmin_max', 'reduce', 'softmax', 'maxOf', 'Down', 'f32'],
  ['softmax_sumexp', 'reduce', 'softmax', 'sumOf', 'SumExp<Up>'],
  ['softmin_sumexp', 'reduce', 'softmax', 'sumOf', 'SumExp<Down>'],
  ['softmax_sum', 'reduce', 'softmax', 'sumOf', 'Plain'],
  ['softmax_dot', 'reducePair', 'softmax', 'sumOf2', 'Dot'],
  ['softmax_write', 'map', 'softmax', 'map', 'ExpScale<Up>'],
  ['softmin_write', 'map', 'softmax', 'map', 'ExpScale<Down>'],
  ['logSoftmax_write', 'map', 'softmax', 'writeLog', ''],
  ['softmax_grad_write', 'pair', 'softmax', 'writeGrad', 'Up'],
  ['softmin_grad_write', 'pair', 'softmax', 'writeGrad', 'Down'],
  ['logSoftmax_grad_write', 'pair', 'softmax', 'writeLogGrad', ''],
  // glu (assembly/glu.ts)
  ['glu_rows', 'rows', 'glu', 'gluRows', 'GluForward'],
  ['glu_rows_backward', 'rowsPair', 'glu', 'gluRowsBackward', 'GluGradA, GluGradB'],
  ['glu_pair', 'pair', 'glu', 'gluPair', 'GluForward'],
  ['glu_pair_backward_a', 'triple', 'glu', 'map3', 'GluGradA'],
  ['glu_pair_backward_b', 'triple', 'glu', 'map3', 'GluGradB'],
  // per-element slopes (assembly/slopes.ts): prelu, rrelu
  ['slopes_forward', 'pair', 'slopes', 'map2', 'SlopeForward'],
  ['slopes_derivative', 'pair', 'slopes', 'map2', 'SlopeDerivative'],
  ['slopes_backward', 'triple', 'slopes', 'map3', 'SlopeBackward'],
  ['product', 'pair', 'slopes', 'map2', 'Product'],
  // the bias epilogue's add (assembly/bias.ts)
  ['bias_add', 'pair', 'bias', 'map2', 'BiasAdd'],
  ['bias_add_scalar', 'map', 'bias', 'map', 'BiasAddScalar'],
  // float16 data (assembly/half.ts): staged as half bits, computed by the float32 kernels
  ['half_to_single', 'convert', 'half', 'halfToSingle', ''],
  ['single_to_half', 'convert', 'half', 'singleToHalf', ''],
];

/** Every kernel export, in a fixed order. */
export const EXPORTS = [
  ...elementwiseRows(),
  ...STRUCTURED.map(([name, kind, module, driver, family, result]) => ({ name, kind, module, family, driver, result })),
];
