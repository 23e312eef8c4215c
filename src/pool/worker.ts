// Entry of a pool worker in browsers (a module Web Worker): init arrives as the first message.

import { serve } from './worker-core.js';
import type { FromWorker, ToWorker } from './protocol.js';

const scope = globalThis as unknown as {
  postMessage(m: FromWorker): void;
  addEventListener(type: 'message', f: (e: { data: ToWorker }) => void): void;
};
serve((m) => scope.postMessage(m), (handler) => scope.addEventListener('message', (e) => handler(e.data)));
