// The default pool size in browsers, where navigator.hardwareConcurrency is all a page
// learns: capped, and halved in WebKit, which rounds it up (4 on a 2-core machine).

import { describe, expect, it } from 'vitest';
import { browserThreads } from '../../src/pool/spawn.js';

describe('default browser pool size', () => {
  it('follows hardwareConcurrency up to 8', () => {
    expect([1, 2, 4, 8, 16, 64].map((n) => browserThreads(n, false))).toEqual([1, 2, 4, 8, 8, 8]);
  });
  it('halves WebKit\'s rounded-up figure', () => {
    expect([1, 2, 4, 8].map((n) => browserThreads(n, true))).toEqual([1, 1, 2, 4]);
  });
  it('falls back to one thread without a usable figure', () => {
    expect([undefined, 0, -3, 2.5, NaN].map((n) => browserThreads(n, false))).toEqual([1, 1, 1, 1, 1]);
  });
});
