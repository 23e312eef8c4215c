// A Web Worker that runs wasm-activations off the main thread. Messages:
//   { id, op: 'info' }  ->  { id, backend, activations }      (activationInfo)
//   { id, op: 'run', name, mode, x, dy?, opts? }  ->  { id, result, backend, ms }
// mode is 'forward', 'derivative', 'backward' or 'backwardFromOutput' (x is then y).
// The result is written over x, in place, and x's buffer travels back to the page:
// both directions transfer the ArrayBuffer instead of copying it.
import * as api from 'wasm-activations';

// Compile asynchronously once; calls made meanwhile would compile synchronously.
const ready = api.init();

async function handle({ op, name, mode = 'forward', x, dy, opts = {} }) {
  const backend = await ready;
  if (op === 'info') return { backend, activations: api.activationInfo };
  const fn = api[name];
  if (typeof fn !== 'function' || !api.activationNames.includes(name)) throw new TypeError(`unknown activation ${name}`);
  const t = performance.now();
  const o = { ...opts, out: x };
  let result;
  if (mode === 'forward') result = fn(x, o);
  else if (mode === 'derivative') result = fn.derivative(x, o);
  else if (mode === 'backward') result = fn.backward(dy, x, o);
  else if (mode === 'backwardFromOutput') result = fn.backwardFromOutput(dy, x, o);
  else throw new TypeError(`unknown mode ${mode}`);
  return { result, backend, ms: performance.now() - t };
}

self.onmessage = async ({ data }) => {
  try {
    const reply = await handle(data);
    self.postMessage({ id: data.id, ...reply }, reply.result ? [reply.result.buffer] : []);
  } catch (error) {
    self.postMessage({ id: data.id, error: `${error.name}: ${error.message}` });
  }
};
