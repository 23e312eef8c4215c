// onnxruntime peers: onnxruntime-web (wasm EP, 1 thread, no proxy worker; 1.30 ships only
// the SIMD build) and onnxruntime-node (cpu EP, intraOpNumThreads 1). Both are timed end
// to end: new ort.Tensor over the input Float32Array + await session.run() + the output's
// .data (ORT allocates a new output array every run). Models are built in code
// (onnx-model.mjs): one node per activation where ONNX has the op; silu and the two
// from-output gradients are composed from ONNX ops.

import { ROW } from '../cases.mjs';
import { onnxModel } from '../onnx-model.mjs';
import { rotation } from '../impls.mjs';
const unary = (op, attrs) => ({ nodes: [{ op, inputs: ['x'], outputs: ['out'], attrs }] });
const scalar = (name, v) => ({ name, dims: [], values: [v] });
const clip = (lo, hi) => ({
  nodes: [{ op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['out'] }],
  initializers: [scalar('lo', lo), scalar('hi', hi)],
});

/** Per case id: the graph (inputs named as the case's inputs, output `out`). */
const GRAPHS = {
  relu: unary('Relu'),
  leakyRelu: unary('LeakyRelu', { alpha: 0.01 }),
  sigmoid: unary('Sigmoid'),
  tanh: unary('Tanh'),
  relu6: clip(0, 6),
  elu: unary('Elu', { alpha: 1 }),
  selu: unary('Selu'),
  celu: unary('Celu', { alpha: 1 }),
  gelu: unary('Gelu', { approximate: 'none' }),
  'gelu(tanh)': unary('Gelu', { approximate: 'tanh' }),
  silu: {
    nodes: [
      { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
      { op: 'Mul', inputs: ['x', 's'], outputs: ['out'] },
    ],
  },
  mish: unary('Mish'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  hardsigmoid: unary('HardSigmoid', { alpha: 1 / 6, beta: 0.5 }),
  hardswish: unary('HardSwish'),
  hardtanh: clip(-1, 1),
  softshrink: unary('Shrink', { bias: 0.5, lambd: 0.5 }),
  hardshrink: unary('Shrink', { bias: 0, lambd: 0.5 }),
  threshold: unary('ThresholdedRelu', { alpha: 0.1 }),
  prelu: {
    nodes: [{ op: 'PRelu', inputs: ['x', 'slope'], outputs: ['out'] }],
    initializers: [{ name: 'slope', dims: [1], values: [0.25] }],
  },
  softmax: { ...unary('Softmax', { axis: -1 }), rows: ROW },
  logSoftmax: { ...unary('LogSoftmax', { axis: -1 }), rows: ROW },
  'sigmoid.backwardFromOutput': {
    nodes: [
      { op: 'Sub', inputs: ['one', 'y'], outputs: ['a'] },
      { op: 'Mul', inputs: ['y', 'a'], outputs: ['b'] },
      { op: 'Mul', inputs: ['dy', 'b'], outputs: ['out'] },
    ],
    initializers: [scalar('one', 1)],
  },
  'tanh.backwardFromOutput': {
    nodes: [
      { op: 'Mul', inputs: ['y', 'y'], outputs: ['a'] },
      { op: 'Sub', inputs: ['one', 'a'], outputs: ['b'] },
      { op: 'Mul', inputs: ['dy', 'b'], outputs: ['out'] },
    ],
    initializers: [scalar('one', 1)],
  },
};

function modelFor(c) {
  const g = GRAPHS[c.id];
  const dims = g.rows ? ['R', g.rows] : ['N'];
  return onnxModel({
    nodes: g.nodes,
    inputs: c.inputs.map((name) => ({ name, dims })),
    outputs: [{ name: 'out', dims }],
    initializers: g.initializers,
  });
}

/** onnxruntime-web; in a browser, `wasmPaths` is the URL of its dist/ folder (the .wasm files). */
export async function loadOrtWeb({ wasmPaths } = {}) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  if (wasmPaths) ort.env.wasm.wasmPaths = wasmPaths;
  return {
    ort,
    options: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
    notes: 'onnxruntime-web: wasm EP (SIMD build), numThreads 1, proxy off',
  };
}

export async function loadOrtNode() {
  const ort = (await import('onnxruntime-node')).default;
  return {
    ort,
    options: { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
    notes: 'onnxruntime-node: cpu EP, intraOpNumThreads 1',
  };
}

function ortImpl(id, label, peer, where) {
  const sessions = new Map();
  return {
    id,
    label,
    peer,
    where,
    has: (c) => c.id in GRAPHS,
    async prepare(c, io, loaded) {
      const { ort, options } = loaded[peer];
      if (!sessions.has(c.id)) sessions.set(c.id, await ort.InferenceSession.create(modelFor(c), options));
      const session = sessions.get(c.id);
      const rows = GRAPHS[c.id].rows;
      const dims = rows ? [io.n / rows, rows] : [io.n];
      const once = async (k) => {
        const feeds = {};
        for (const name of c.inputs) feeds[name] = new ort.Tensor('float32', io.plain[name][k], dims);
        const r = await session.run(feeds);
        return r.out.data;
      };
      const next = rotation(io.pool);
      return { async: true, run: () => once(next()), result: async () => Float32Array.from(await once(0)) };
    },
  };
}

export const ORT_IMPLS = [
  ortImpl('ort-web', 'ort-web (wasm 1T)', 'ortWeb'),
  ortImpl('ort-node', 'ort-node (cpu 1T)', 'ortNode', 'node'),
];
