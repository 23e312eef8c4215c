// The page side of activation-worker.js: a promise per request.
//
//   const worker = createActivationWorker();
//   const { result } = await worker.run('gelu', x, { approximate: 'tanh' });
//
// x is transferred to the worker (x.byteLength is 0 afterwards) and the result comes
// back in the same memory; pass x.slice() to keep the input.

export function createActivationWorker() {
  // Bundlers (vite, webpack 5, parcel) recognise this pattern and bundle the worker.
  const worker = new Worker(new URL('./activation-worker.js', import.meta.url), { type: 'module' });
  const pending = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    const request = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) request.reject(new Error(data.error));
    else request.resolve(data);
  };
  worker.onerror = (event) => {
    for (const request of pending.values()) request.reject(new Error(event.message || 'worker failed'));
    pending.clear();
  };
  const send = (message, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message }, transfer);
    });
  return {
    /** { backend, activations } of the worker. */
    info: () => send({ op: 'info' }),
    /** f(x) (or mode 'derivative', 'backward' with dy, 'backwardFromOutput' with dy and y as x). */
    run: (name, x, opts = {}, mode = 'forward', dy = undefined) =>
      send({ op: 'run', name, mode, x, dy, opts }, dy ? [x.buffer, dy.buffer] : [x.buffer]),
    terminate: () => worker.terminate(),
  };
}
