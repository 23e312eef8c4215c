// The example page: sigmoid over 4 Mi elements in the worker while the page keeps
// animating (the main thread never blocks). window.workerExample is for the tests.
import { createActivationWorker } from './client.js';

const worker = createActivationWorker();
const $ = (id) => document.getElementById(id);

let frames = 0;
(function tick() {
  frames++;
  $('frames').textContent = String(frames);
  requestAnimationFrame(tick);
})();

async function demo() {
  const n = 4 * 1024 * 1024;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(i) * 8;
  const { result, backend, ms } = await worker.run('sigmoid', x);
  $('result').textContent =
    `sigmoid of ${n.toLocaleString('en')} elements in the worker on ${backend}: ${ms.toFixed(1)} ms; ` +
    `y[1] = ${result[1].toFixed(6)}; x was transferred (x.byteLength = ${x.byteLength})`;
}

const info = await worker.info();
$('backend').textContent = info.backend;
window.workerExample = { worker, info, ready: true };
$('go').addEventListener('click', demo);
await demo();
