// Entry of a pool worker in Node (worker_threads): init arrives as workerData.

import { serve } from './worker-core.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

interface Port {
  postMessage(m: FromWorker): void;
  on(event: 'message', f: (m: ToWorker) => void): void;
}

// (A computed specifier keeps the published types free of Node's.)
const specifier = 'node:worker_threads';
const { parentPort, workerData } = (await import(specifier)) as { parentPort: Port; workerData: WorkerInit };
serve((m) => parentPort.postMessage(m), (handler) => parentPort.on('message', handler), workerData);
