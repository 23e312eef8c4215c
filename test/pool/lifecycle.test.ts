// The pool's lifetime: a crashed worker fails the calls it was part of and is replaced;
// close() during work rejects every pending call and later ones; pools reopen; many
// concurrent calls all come back right and in order; memory growth keeps views valid; an
// idle pool does not keep Node alive; the threads build runs the SIMD build's code.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNode } from '../support/child.js';
import { mulberry32 } from '../support/inputs.js';
import { W, errorOf, expectSameBits, internals, poolFn, resident, simd, syncFn, testPool, type Pool } from './support.js';

const pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  vi.restoreAllMocks();
});
async function open(threads = 2): Promise<Pool> {
  const p = await testPool(threads);
  pools.push(p);
  return p;
}

function random(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * 8);
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition(), what).toBe(true);
}

describe('a worker crash', () => {
  it('rejects the call in flight, replaces the worker, and later calls are right', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pool = await open(2);
    const x = random(400000, 1);
    internals(pool).crash(0);
    const error = await errorOf(() => pool.sigmoid(x));
    expect(error.message).toMatch(/wasm-activations pool: worker 0 crashed: .*simulated worker crash/);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/worker 0 crashed.*starting a new worker 0/);
    await waitFor(() => internals(pool).readyWorkers() === 2, 'the worker was replaced');
    expect(pool.threads).toBe(2);
    expectSameBits(await pool.sigmoid(x), simd(() => W.sigmoid(x)), 'after the crash');
    // The replacement takes part: crash the other one, then both are back.
    internals(pool).crash(1);
    await expect(pool.tanh(x)).rejects.toThrow(/worker 1 crashed/);
    await waitFor(() => internals(pool).readyWorkers() === 2, 'replaced again');
    expectSameBits(await pool.tanh(x), simd(() => W.tanh(x)), 'after the second crash');
  });

  it('with one worker, the next call waits for its replacement', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pool = await open(1);
    const x = random(100000, 2);
    internals(pool).crash(0);
    const failed = pool.relu(x);
    const next = pool.relu(x);
    await expect(failed).rejects.toThrow(/crashed/);
    expectSameBits(await next, simd(() => W.relu(x)), 'queued call after the crash');
  });
});

describe('close()', () => {
  it('during work rejects the running and queued calls, then every later call; a new pool works', async () => {
    const pool = await open(2);
    const x = random(1 << 21, 3);
    const calls = [pool.sigmoid(x), pool.tanh(x), pool.relu(resident(pool, x)), pool.softmax(x, { rowLength: 1024 })];
    await new Promise((r) => setTimeout(r, 5));
    const closing = pool.close();
    const results = await Promise.allSettled(calls);
    await closing;
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/closed/);
    }
    await expect(pool.sigmoid(x)).rejects.toThrow(/^sigmoid: the pool is closed$/);
    await expect(pool.softmax.backward(x, x)).rejects.toThrow(/softmax\.backward: the pool is closed/);
    expect(() => pool.allocate(4)).toThrow(/pool\.allocate: the pool is closed/);
    await pool.close(); // again: no-op
    const again = await open(2);
    expectSameBits(await again.sigmoid(x), simd(() => W.sigmoid(x)), 'reopened');
  });

  it('with nothing running resolves, and small calls reject too', async () => {
    const pool = await W.createPool({ threads: 2 });
    await pool.close();
    await expect(pool.relu(new Float32Array(4))).rejects.toThrow(/relu: the pool is closed/);
  });
});

describe('many concurrent calls', () => {
  it('all give the single-thread bits, whatever their size, path and activation', async () => {
    const pool = await open(2);
    const rand = mulberry32(9);
    const infos = W.activationInfo;
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const info = infos[i % infos.length]!;
      const name = info.name;
      const opts = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
      const n = [17, 5000, 70000, 300001][Math.floor(rand() * 4)]!;
      const x = random(n, 100 + i);
      const zeroCopy = rand() < 0.5;
      const mode = rand() < 0.5 ? 'forward' : 'backward';
      return { name, opts, x, dy: random(n, 200 + i), zeroCopy, mode };
    });
    const promises = jobs.map((j) => {
      const f = poolFn(pool, j.name);
      const x = j.zeroCopy ? resident(pool, j.x) : j.x;
      return j.mode === 'forward' ? f(x, j.opts) : f.backward!(j.zeroCopy ? resident(pool, j.dy) : j.dy, x, j.opts);
    });
    // Row functions in the mix too.
    const rows = random(1000 * 257, 7);
    promises.push(pool.softmax(rows, { rowLength: 257 }), pool.glu(rows, { rowLength: 514 }));
    const results = await Promise.all(promises);
    jobs.forEach((j, i) => {
      const f = syncFn(j.name);
      const want = simd(() => (j.mode === 'forward' ? f(j.x, j.opts) : f.backward!(j.dy, j.x, j.opts)));
      expectSameBits(results[i]!, want, `${j.name} ${j.mode} n=${j.x.length} ${j.zeroCopy ? 'zero-copy' : 'plain'}`);
    });
    expectSameBits(results[60]!, simd(() => W.softmax(rows, { rowLength: 257 })), 'softmax');
    expectSameBits(results[61]!, simd(() => W.glu(rows, { rowLength: 514 })), 'glu');
  });

  it('run in the order they are made (chained in-place calls without awaiting)', async () => {
    const pool = await open(2);
    const x = random(300000, 11);
    const a = x.slice();
    const b = resident(pool, x);
    const pending = [pool.sigmoid(a, { out: a }), pool.tanh(a, { out: a }), pool.relu(a, { out: a })];
    const pendingB = [pool.tanh(b, { out: b }), pool.leakyRelu(b, { out: b, negativeSlope: 0.3 }), pool.sigmoid(b.subarray(0, 10), { out: b.subarray(0, 10) })];
    await Promise.all([...pending, ...pendingB]);
    expectSameBits(a, simd(() => W.relu(W.tanh(W.sigmoid(x)))), 'plain chain');
    const wantB = simd(() => W.leakyRelu(W.tanh(x), { negativeSlope: 0.3 }));
    simd(() => W.sigmoid(wantB.subarray(0, 10), { out: wantB.subarray(0, 10) }));
    expectSameBits(b, wantB, 'resident chain (a small call last)');
  });
});

describe('memory', () => {
  it('pool buffers keep working when the shared memory grows (old views stay valid)', async () => {
    const pool = await open(2);
    const x = random(200000, 12);
    const first = pool.allocate(x.length);
    const view = first.array;
    view.set(x);
    const memory = internals(pool).memory() as { usage(): { memoryBytes: number } };
    const size = memory.usage().memoryBytes;
    const more = Array.from({ length: 8 }, () => pool.allocate(1 << 20)); // grows the memory
    expect(memory.usage().memoryBytes).toBeGreaterThan(size);
    // Each pool buffer has a SharedArrayBuffer object of its own, which growth does not replace.
    expect(first.array.buffer).toBe(view.buffer);
    const out = more[7]!.array.subarray(0, x.length);
    const before = internals(pool).stats().workers;
    expectSameBits(await pool.sigmoid(view, { out }), simd(() => W.sigmoid(x)), 'old view, new out');
    expectSameBits(await pool.tanh(first.array), simd(() => W.tanh(x)), 'new view');
    expect(internals(pool).stats().workers).toBe(before + 2);
    for (const b of more) b.dispose();
  });
});

/** Runs an ES module script in a new Node process (W = the built package); resolves to its stdout. */
const node = async (body: string): Promise<string> => (await runNode(body)).stdout;

describe('Node process lifetime', () => {
  it('an idle pool does not keep the process alive (workers are unref\'d)', async () => {
    const out = await node(`const pool = await W.createPool({ threads: 2, minParallel: 0 });
      const y = await pool.sigmoid(new Float32Array(1 << 20));
      console.log('done', pool.parallel, y[0]);`);
    expect(out.trim()).toBe('done true 0.5');
  });
});

describe('where Atomics.waitAsync is missing', () => {
  it('workers answer by message and results, errors and close behave the same', async () => {
    const out = await node(`delete Atomics.waitAsync;
      const pool = await W.createPool({ threads: 2, minParallel: 0 });
      const x = new Float32Array(300001).map((_, i) => Math.sin(i) * 9);
      const same = (a, b) => a.every((v, i) => Object.is(v, b[i]));
      const checks = [
        same(await pool.sigmoid(x), W.sigmoid(x)),
        same(await pool.softmax(x.subarray(0, 300000), { rowLength: 10000 }), W.softmax(x.subarray(0, 300000), { rowLength: 10000 })),
        same(await pool.gelu.backward(x, x), W.gelu.backward(x, x)),
      ];
      const hooks = pool[Symbol.for('wasm-activations.pool.internals')];
      hooks.failNext({ name: 'RangeError', message: 'injected' });
      const error = await pool.tanh(x).catch((e) => e);
      const running = pool.relu(new Float32Array(1 << 22)).catch((e) => e.message);
      await pool.close();
      const closed = await running;
      console.log(JSON.stringify({ checks, error: [error.constructor.name, error.message], closed }));`);
    expect(JSON.parse(out)).toEqual({ checks: [true, true, true], error: ['RangeError', 'injected'], closed: expect.stringMatching(/closed/) });
  });
});

describe('the threads builds', () => {
  it.each([['simd', 'simd-threads'], ['relaxed', 'relaxed-threads']])(
    'are the %s build with an imported shared memory: the same code, function by function (%s)',
    (single, threads) => {
      const root = new URL('../../build/', import.meta.url);
      const text = (name: string) => readFileSync(new URL(name, root), 'utf8').split('\n');
      const singleLines = text(`wasm-${single}.wat`);
      const threadLines = text(`wasm-${threads}.wat`);
      const memory = (l: string) => l.includes('(import "env" "memory"');
      expect(singleLines.find(memory)).toMatch(/\(memory \$\S+ 1\)\)$/);
      expect(threadLines.find(memory)).toMatch(/\(memory \$\S+ 1 65536 shared\)\)$/);
      // features() differs by the threads bit; everything else is the same code.
      const rest = (lines: string[]) => {
        const fn = /\(export "features" \(func (\$\d+)\)\)/.exec(lines.join('\n'))![1];
        const start = lines.findIndex((l) => l.startsWith(` (func ${fn} `));
        const end = lines.indexOf(' )', start);
        return lines.filter((l, i) => !memory(l) && (i < start || i > end));
      };
      expect(rest(threadLines)).toEqual(rest(singleLines));
    },
  );
});
