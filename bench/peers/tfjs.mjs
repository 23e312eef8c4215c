// TensorFlow.js peers: tfjs-core with the wasm backend (SIMD build; threads are not
// available under Node) and the cpu backend.
//   op  = input tensors built once; timed: op(x) (composed ops inside tf.tidy) + dispose()
//         of the result. Both backends run kernels synchronously, so this is the whole
//         compute cost including output allocation and tfjs bookkeeping, with no readback.
//   e2e = Float32Array → tensor → op → dataSync() → dispose (adds a copy in and out on wasm).
// tfjs has no silu/gelu/mish kernels; they are composed as tfjs-layers composes them.

import { ROW } from '../cases.mjs';
import { rotation } from '../impls.mjs';

/** Per case id: make(tf) returns the op on tensors (inputs in case order). */
const OPS = {
  relu: { make: (tf) => (x) => tf.relu(x) },
  leakyRelu: { make: (tf) => (x) => tf.leakyRelu(x, 0.01) },
  sigmoid: { make: (tf) => (x) => tf.sigmoid(x) },
  tanh: { make: (tf) => (x) => tf.tanh(x) },
  relu6: { make: (tf) => (x) => tf.relu6(x) },
  elu: { make: (tf) => (x) => tf.elu(x) },
  selu: { make: (tf) => (x) => tf.selu(x) },
  softplus: { make: (tf) => (x) => tf.softplus(x) },
  logsigmoid: { make: (tf) => (x) => tf.logSigmoid(x), composed: true },
  hardtanh: { make: (tf) => (x) => tf.clipByValue(x, -1, 1) },
  prelu: {
    make: (tf) => {
      const alpha = tf.scalar(0.25);
      return (x) => tf.prelu(x, alpha);
    },
  },
  softmax: { make: (tf) => (x) => tf.softmax(x), rows: ROW },
  logSoftmax: { make: (tf) => (x) => tf.logSoftmax(x), rows: ROW },
  // Compositions (tfjs-layers' softsign, swish, mish, gelu, gelu_new).
  softsign: { make: (tf) => (x) => tf.div(x, tf.add(1, tf.abs(x))), composed: true },
  silu: { make: (tf) => (x) => tf.mul(x, tf.sigmoid(x)), composed: true },
  mish: { make: (tf) => (x) => tf.mul(x, tf.tanh(tf.softplus(x))), composed: true },
  gelu: { make: (tf) => gelu(tf), composed: true },
  'gelu(tanh)': {
    make: (tf) => (x) => tf.mul(0.5, tf.mul(x, tf.add(1, tf.tanh(tf.mul(tf.sqrt(tf.div(2, Math.PI)),
      tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))),
    composed: true,
  },
  // Gradients: what tf.grad runs for sigmoid, tanh and relu. gelu and silu backward are
  // the analytic derivatives composed from tfjs ops (tf.grad needs the gradient registry
  // of the @tensorflow/tfjs union package, which is not installed).
  'sigmoid.backwardFromOutput': { make: (tf) => (dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y))), composed: true },
  'tanh.backwardFromOutput': { make: (tf) => (dy, y) => tf.mul(dy, tf.sub(1, tf.square(y))), composed: true },
  'relu.backward': { make: (tf) => (dy, x) => tf.mul(dy, tf.step(x)), composed: true },
  'gelu.backward': {
    make: (tf) => (dy, x) => tf.mul(dy, tf.add(tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
      tf.mul(x, tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))))))),
    composed: true,
  },
  'silu.backward': {
    make: (tf) => (dy, x) => {
      const s = tf.sigmoid(x);
      return tf.mul(dy, tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s)))));
    },
    composed: true,
  },
};

function gelu(tf) {
  return (x) => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
}

/**
 * Loads tfjs-core with the cpu and wasm backends, single-threaded; throws if any part is
 * missing. In a browser, `wasmPath` is the URL of tfjs-backend-wasm's dist/ folder.
 */
export async function loadTfjs({ wasmPath } = {}) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Production mode only silences tfjs's console messages, such as the cpu backend's
  // "looks like you are running TensorFlow.js in Node.js" banner in the bench's output.
  tf.enableProdMode();
  // Every implementation in the tables runs on one thread (cross-origin isolated pages
  // would otherwise get the threaded build).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (wasmPath) wasm.setWasmPaths(wasmPath);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialise');
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  return { tf, notes: `tfjs-backend-wasm: SIMD ${simd ? 'on' : 'off'}, one thread; tfjs-backend-cpu` };
}

function tfjsImpl(id, label, backend, e2e, maxSize) {
  return {
    id,
    label,
    peer: 'tfjs',
    maxSize,
    has: (c) => c.id in OPS,
    async prepare(c, io, { tfjs }) {
      const { tf } = tfjs;
      const spec = OPS[c.id];
      await tf.setBackend(backend);
      const op = spec.make(tf);
      const shape = spec.rows ? [io.n / spec.rows, spec.rows] : [io.n];
      const apply = spec.composed ? (...t) => tf.tidy(() => op(...t)) : op;
      const next = rotation(io.pool);
      let run;
      let result;
      if (e2e) {
        const once = (k) => {
          const r = tf.tidy(() => op(...c.inputs.map((name) => tf.tensor(io.plain[name][k], shape))));
          const data = r.dataSync();
          r.dispose();
          return data;
        };
        run = () => { once(next()); };
        result = () => Float32Array.from(once(0));
      } else {
        const tensors = c.inputs.map((name) => io.sources[name].map((a) => tf.tensor(a, shape)));
        run = c.inputs.length === 1
          ? () => apply(tensors[0][next()]).dispose()
          : () => { const k = next(); apply(tensors[0][k], tensors[1][k]).dispose(); };
        result = () => {
          const r = apply(...tensors.map((pool) => pool[0]));
          const data = Float32Array.from(r.dataSync());
          r.dispose();
          return data;
        };
        const dispose = () => tensors.flat().forEach((t) => t.dispose());
        return { enter: () => tf.setBackend(backend), run, result, dispose };
      }
      return { enter: () => tf.setBackend(backend), run, result };
    },
  };
}

/** The tfjs columns. tfjs-cpu is skipped above 1 Mi (composed gelu takes ~7 s per 16 Mi call). */
export const TFJS_IMPLS = [
  tfjsImpl('tfjs-wasm-op', 'tfjs-wasm op', 'wasm', false),
  tfjsImpl('tfjs-wasm-e2e', 'tfjs-wasm e2e', 'wasm', true),
  tfjsImpl('tfjs-cpu-op', 'tfjs-cpu op', 'cpu', false, 1 << 20),
];
