// Developer tool, the measuring half of scripts/dev/speed.mjs: zero-copy calls of the
// main kernels through the public API, runnable in Node and in a browser page alike.
// `measure(api, options)` returns raw samples (Melem/s per call) per kernel; the caller
// pools them across processes and runtimes and takes medians.

/** The kernels measured: label → call on zero-copy buffers (x, y, dy all in wasm memory). */
export const KERNELS = {
  relu: (api, b) => api.relu(b.x, { out: b.y }),
  sigmoid: (api, b) => api.sigmoid(b.x, { out: b.y }),
  tanh: (api, b) => api.tanh(b.x, { out: b.y }),
  'gelu erf': (api, b) => api.gelu(b.x, { out: b.y }),
  'gelu tanh': (api, b) => api.gelu(b.x, { approximate: 'tanh', out: b.y }),
  silu: (api, b) => api.silu(b.x, { out: b.y }),
  elu: (api, b) => api.elu(b.x, { out: b.y }),
  softplus: (api, b) => api.softplus(b.x, { out: b.y }),
  mish: (api, b) => api.mish(b.x, { out: b.y }),
  'softmax rows': (api, b) => api.softmax(b.x, { rowLength: 1024, out: b.y }),
  "sigmoid bwd": (api, b) => api.sigmoid.backward(b.dy, b.x, { out: b.y }),
  "gelu bwd": (api, b) => api.gelu.backward(b.dy, b.x, { out: b.y }),
};

/** Deterministic inputs uniform in [-8, 8) (a small LCG: the same on every runtime). */
function fill(a, seed) {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 16 - 8;
  }
}

/**
 * Samples in Melem/s: `rounds` rounds, each calling every kernel once (rotating order)
 * after `warm` untimed calls per kernel. `backend` (optional) is passed to setBackend.
 */
export async function measure(api, { n = 1 << 20, rounds = 15, warm = 20, backend, only } = {}) {
  const chosen = await api.init();
  if (backend) api.setBackend(backend);
  const bufs = { x: api.allocate(n), y: api.allocate(n), dy: api.allocate(n) };
  const b = () => ({ x: bufs.x.array, y: bufs.y.array, dy: bufs.dy.array });
  fill(bufs.x.array, 1);
  fill(bufs.dy.array, 2);
  const names = Object.keys(KERNELS).filter((k) => !only || only.includes(k));
  const now = globalThis.performance.now.bind(globalThis.performance);
  for (const k of names) for (let i = 0; i < warm; i++) KERNELS[k](api, b());
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(j + r) % names.length];
      const arrays = b();
      const t0 = now();
      KERNELS[k](api, arrays);
      const dt = now() - t0;
      samples[k].push(n / dt / 1e3);
    }
  }
  for (const buf of Object.values(bufs)) buf.dispose();
  return { backend: api.getBackend(), chosen, samples };
}
