// Developer tool: the js backend (setBackend('js')) against the loop a user would write,
// at 1 Mi float32 elements, for every activation and method. Interleaved: each round runs
// every case once, naive and package side by side in alternating order; the figures are
// medians over rounds. Needs a built package (dist/).
//   node scripts/dev/js-speed.mjs [--rounds N] [--f64] [--wall] [regex]
// Prints per case the median ms of each and the ratio naive time / js time (≥ 1: the js
// backend is at least as fast). The naive loops are demo/naive.js's (the benchmark's), with
// the case's options bound; the ones it does not have (derivatives, the other backward and
// from-output forms, the structured gradients) are below, written the same plain way.

import * as W from '../../dist/index.js';
import { erf, naiveLoop } from '../../demo/naive.js';
import { uniform } from '../../bench/inputs.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ROUNDS = option('--rounds', 9);
const F64 = flag('--f64');
const filter = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--rounds'));
const match = filter ? new RegExp(filter) : undefined;

const N = 1 << 20;
const ROW = 1024;
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const K = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const RRELU_LOWER = 1 / 8;
const RRELU_SPAN = 1 / 3 - 1 / 8;
const RRELU_EVAL = RRELU_LOWER + RRELU_SPAN / 2;


/** f'(x) loops. */
const DERIVATIVE = {
  relu(x, y) { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0; },
  leakyRelu(x, y) { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0.01; },
  sigmoid(x, y) { for (let i = 0; i < x.length; i++) { const s = 1 / (1 + Math.exp(-x[i])); y[i] = s * (1 - s); } },
  tanh(x, y) { for (let i = 0; i < x.length; i++) { const t = Math.tanh(x[i]); y[i] = 1 - t * t; } },
  relu6(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 && v < 6 ? 1 : 0; } },
  hardtanh(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > -1 && v < 1 ? 1 : 0; } },
  hardsigmoid(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > -3 && v < 3 ? 1 / 6 : 0; } },
  hardswish(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v < -3 ? 0 : v >= 3 ? 1 : (2 * v + 3) / 6; } },
  softshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 || v < -0.5 ? 1 : 0; } },
  hardshrink(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0.5 || v < -0.5 ? 1 : 0; } },
  threshold(x, y) { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0.1 ? 1 : 0; },
  elu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? 1 : Math.exp(v); } },
  selu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v); } },
  celu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 0 ? 1 : Math.exp(v); } },
  softplus(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = v > 20 ? 1 : 1 / (1 + Math.exp(-v)); } },
  logsigmoid(x, y) { for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(x[i])); },
  silu(x, y) { for (let i = 0; i < x.length; i++) { const v = x[i]; const s = 1 / (1 + Math.exp(-v)); y[i] = s * (1 + v * (1 - s)); } },
  mish(x, y) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const t = Math.tanh(v > 20 ? v : Math.log1p(Math.exp(v)));
      const s = 1 / (1 + Math.exp(-v));
      y[i] = t + v * s * (1 - t * t);
    }
  },
  gelu(x, y) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; y[i] = 0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v); }
  },
  geluTanh(x, y) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const t = Math.tanh(K * (v + 0.044715 * v * v * v));
      y[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * 0.044715 * v * v);
    }
  },
  tanhshrink(x, y) { for (let i = 0; i < x.length; i++) { const t = Math.tanh(x[i]); y[i] = t * t; } },
  softsign(x, y) { for (let i = 0; i < x.length; i++) { const d = 1 + Math.abs(x[i]); y[i] = 1 / (d * d); } },
  prelu(x, y) { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0.25; },
  rrelu(x, y) { for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : RRELU_EVAL; },
};

/** dx = dy·f'(x) loops for the rows bench/cases.mjs has none for. */
const BACKWARD = {
  elu(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0 ? dy[i] : dy[i] * Math.exp(v); } },
  selu(dy, x, dx) {
    for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = dy[i] * (v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v)); }
  },
  celu(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 0 ? dy[i] : dy[i] * Math.exp(v); } },
  softplus(dy, x, dx) { for (let i = 0; i < x.length; i++) { const v = x[i]; dx[i] = v > 20 ? dy[i] : dy[i] / (1 + Math.exp(-v)); } },
  logsigmoid(dy, x, dx) { for (let i = 0; i < x.length; i++) dx[i] = dy[i] / (1 + Math.exp(x[i])); },
  mish(dy, x, dx) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const t = Math.tanh(v > 20 ? v : Math.log1p(Math.exp(v)));
      const s = 1 / (1 + Math.exp(-v));
      dx[i] = dy[i] * (t + v * s * (1 - t * t));
    }
  },
  geluTanh(dy, x, dx) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const t = Math.tanh(K * (v + 0.044715 * v * v * v));
      dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * 0.044715 * v * v));
    }
  },
  tanhshrink(dy, x, dx) { for (let i = 0; i < x.length; i++) { const t = Math.tanh(x[i]); dx[i] = dy[i] * t * t; } },
  softsign(dy, x, dx) { for (let i = 0; i < x.length; i++) { const d = 1 + Math.abs(x[i]); dx[i] = dy[i] / (d * d); } },
};

/** dx = dy·f'(f⁻¹(y)) loops for the rows bench/cases.mjs has none for. */
const FROM_OUTPUT = {
  relu(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0; },
  leakyRelu(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0.01 * dy[i]; },
  relu6(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = v > 0 && v < 6 ? dy[i] : 0; } },
  hardtanh(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = v > -1 && v < 1 ? dy[i] : 0; } },
  softshrink(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = y[i] !== 0 ? dy[i] : 0; },
  hardshrink(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = y[i] !== 0 ? dy[i] : 0; },
  threshold(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0.1 ? dy[i] : 0; },
  elu(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = v > 0 ? dy[i] : dy[i] * (v + 1); } },
  selu(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = dy[i] * (v > 0 ? SELU_SCALE : v + SELU_SCALE * SELU_ALPHA); } },
  celu(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = v > 0 ? dy[i] : dy[i] * (v + 1); } },
  softplus(dy, y, dx) { for (let i = 0; i < y.length; i++) { const v = y[i]; dx[i] = v > 20 ? dy[i] : dy[i] * (1 - Math.exp(-v)); } },
  logsigmoid(dy, y, dx) { for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - Math.exp(y[i])); },
  softsign(dy, y, dx) { for (let i = 0; i < y.length; i++) { const d = 1 - Math.abs(y[i]); dx[i] = dy[i] * d * d; } },
};

// ---- softmax family gradients over rows of ROW -------------------------------------------

/** dx = sign·p ⊙ (dy - Σ dy⊙p) with p the softmax of sign·x, per row (p kept in dx). */
function softmaxRowsBackward(dy, x, dx, sign) {
  for (let r = 0; r < x.length; r += ROW) {
    let max = -Infinity;
    for (let i = r; i < r + ROW; i++) if (sign * x[i] > max) max = sign * x[i];
    let sum = 0;
    for (let i = r; i < r + ROW; i++) sum += Math.exp(sign * x[i] - max);
    let t = 0;
    for (let i = r; i < r + ROW; i++) { const p = Math.exp(sign * x[i] - max) / sum; dx[i] = p; t += dy[i] * p; }
    for (let i = r; i < r + ROW; i++) dx[i] = sign * dx[i] * (dy[i] - t);
  }
}
function softmaxRowsFromOutput(dy, y, dx, sign) {
  for (let r = 0; r < y.length; r += ROW) {
    let t = 0;
    for (let i = r; i < r + ROW; i++) t += dy[i] * y[i];
    for (let i = r; i < r + ROW; i++) dx[i] = sign * y[i] * (dy[i] - t);
  }
}
function logSoftmaxRowsBackward(dy, x, dx) {
  for (let r = 0; r < x.length; r += ROW) {
    let max = -Infinity;
    for (let i = r; i < r + ROW; i++) if (x[i] > max) max = x[i];
    let sum = 0;
    for (let i = r; i < r + ROW; i++) sum += Math.exp(x[i] - max);
    let t = 0;
    for (let i = r; i < r + ROW; i++) t += dy[i];
    for (let i = r; i < r + ROW; i++) dx[i] = dy[i] - (Math.exp(x[i] - max) / sum) * t;
  }
}
function logSoftmaxRowsFromOutput(dy, y, dx) {
  for (let r = 0; r < y.length; r += ROW) {
    let t = 0;
    for (let i = r; i < r + ROW; i++) t += dy[i];
    for (let i = r; i < r + ROW; i++) dx[i] = dy[i] - Math.exp(y[i]) * t;
  }
}

// ---- prelu per channel, rrelu training --------------------------------------------------

/** (N, C, H·W) with H·W = 4096, C = 16; channelsLast: (…, 64). */
const CF = { C: 16, inner: 4096 };
const CL = { C: 64 };
const weightsCF = uniform(CF.C, 0, 0.5, 777);
const weightsCL = uniform(CL.C, 0, 0.5, 778);

function preluChannelsFirst(x, y) {
  const { C, inner } = CF;
  for (let i = 0; i < x.length;) {
    for (let c = 0; c < C; c++) {
      const w = weightsCF[c];
      for (const end = i + inner; i < end; i++) { const v = x[i]; y[i] = v > 0 ? v : w * v; }
    }
  }
}
function preluChannelsFirstBackward(dy, x, dx) {
  const { C, inner } = CF;
  for (let i = 0; i < x.length;) {
    for (let c = 0; c < C; c++) {
      const w = weightsCF[c];
      for (const end = i + inner; i < end; i++) dx[i] = x[i] > 0 ? dy[i] : w * dy[i];
    }
  }
}
function preluChannelsLast(x, y) {
  const C = CL.C;
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) { const v = x[i + c]; y[i + c] = v > 0 ? v : weightsCL[c] * v; }
  }
}
function rreluTrainingForward(x, y, noise) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v > 0) { y[i] = v; noise[i] = 1; } else { const a = RRELU_LOWER + RRELU_SPAN * Math.random(); y[i] = a * v; noise[i] = a; }
  }
}
function rreluTrainingDerivative(x, y) {
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : RRELU_LOWER + RRELU_SPAN * Math.random();
}
function product(dy, noise, dx) { for (let i = 0; i < dx.length; i++) dx[i] = dy[i] * noise[i]; }

// ---- cases -------------------------------------------------------------------------------

const Float = F64 ? Float64Array : Float32Array;
const x = Float.from(uniform(N, -8, 8, 12345));
const dy = Float.from(uniform(N, -1, 1, 54321));
const out = new Float(N);
const noise = new Float(N);

/** y = the package's forward of x, once per (row, options). */
const outputs = new Map();
function outputOf(name, opts) {
  const key = `${name} ${JSON.stringify(opts)}`;
  if (!outputs.has(key)) outputs.set(key, W[name](x, opts));
  return outputs.get(key);
}

const OPTS = { threshold: { threshold: 0.1, value: 0 } };
const cases = [];
const add = (id, naive, pkg) => { if (naive && (!match || match.test(id))) cases.push({ id, naive, pkg }); };

const rows = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'relu6', 'hardtanh', 'hardsigmoid', 'hardswish', 'softshrink',
  'hardshrink', 'threshold', 'elu', 'selu', 'celu', 'softplus', 'logsigmoid', 'silu', 'mish', 'gelu', 'gelu(tanh)',
  'tanhshrink', 'softsign'];
for (const id of rows) {
  const name = id === 'gelu(tanh)' ? 'gelu' : id;
  const key = id === 'gelu(tanh)' ? 'geluTanh' : id;
  const o = id === 'gelu(tanh)' ? { approximate: 'tanh' } : OPTS[id] ?? {};
  const f = W[name];
  add(id, naiveLoop(name, o), () => f(x, { ...o, out }));
  add(`${id}.derivative`, DERIVATIVE[key], () => f.derivative(x, { ...o, out }));
  add(`${id}.backward`, naiveLoop(name, o, 'backward') ?? BACKWARD[key], () => f.backward(dy, x, { ...o, out }));
  const fromOutput = naiveLoop(name, o, 'backwardFromOutput') ?? FROM_OUTPUT[key];
  if (fromOutput) {
    add(`${id}.backwardFromOutput`, (d, _x, dx) => fromOutput(d, outputOf(name, o), dx),
      () => f.backwardFromOutput(dy, outputOf(name, o), { ...o, out }));
  }
}

const rowOpts = { rowLength: ROW };
for (const [name, sign, log] of [['softmax', 1, false], ['logSoftmax', 1, true], ['softmin', -1, false]]) {
  const f = W[name];
  add(name, naiveLoop(name, rowOpts), () => f(x, { ...rowOpts, out }));
  add(`${name}.backward`, log ? logSoftmaxRowsBackward : (d, v, dx) => softmaxRowsBackward(d, v, dx, sign),
    () => f.backward(dy, x, { ...rowOpts, out }));
  add(`${name}.backwardFromOutput`,
    log ? (d, _x, dx) => logSoftmaxRowsFromOutput(d, outputOf(name, rowOpts), dx)
      : (d, _x, dx) => softmaxRowsFromOutput(d, outputOf(name, rowOpts), dx, sign),
    () => f.backwardFromOutput(dy, outputOf(name, rowOpts), { ...rowOpts, out }));
}
const half = out.subarray(0, N / 2);
const dyHalf = dy.subarray(0, N / 2);
const gluForward = naiveLoop('glu', rowOpts);
const gluBackward = naiveLoop('glu', rowOpts, 'backward');
add('glu', (v) => gluForward(v, half), () => W.glu(x, { ...rowOpts, out: half }));
add('glu.backward', (_d, v, dx) => gluBackward(dyHalf, v, dx), () => W.glu.backward(dyHalf, x, { ...rowOpts, out }));

add('prelu', naiveLoop('prelu', { weight: 0.25 }), () => W.prelu(x, { weight: 0.25, out }));
add('prelu.derivative', DERIVATIVE.prelu, () => W.prelu.derivative(x, { weight: 0.25, out }));
add('prelu.backward', naiveLoop('prelu', { weight: 0.25 }, 'backward'), () => W.prelu.backward(dy, x, { weight: 0.25, out }));
const cf = { weight: Float.from(weightsCF), innerSize: CF.inner };
const cl = { weight: Float.from(weightsCL), layout: 'channelsLast' };
add('prelu(channelsFirst)', preluChannelsFirst, () => W.prelu(x, { ...cf, out }));
add('prelu(channelsFirst).backward', preluChannelsFirstBackward, () => W.prelu.backward(dy, x, { ...cf, out }));
add('prelu(channelsLast)', preluChannelsLast, () => W.prelu(x, { ...cl, out }));
add('rrelu', naiveLoop('rrelu'), () => W.rrelu(x, { out }));
add('rrelu.derivative', DERIVATIVE.rrelu, () => W.rrelu.derivative(x, { out }));
add('rrelu.backward', naiveLoop('rrelu', {}, 'backward'), () => W.rrelu.backward(dy, x, { out }));
add('rrelu(training)', (v, y) => rreluTrainingForward(v, y, noise), () => W.rrelu(x, { training: true, seed: 7, noise, out }));
add('rrelu(training).derivative', rreluTrainingDerivative, () => W.rrelu.derivative(x, { training: true, seed: 7, out }));
add('rrelu(training).backward', (d, _v, dx) => product(d, noise, dx), () => W.rrelu.backward(dy, x, { training: true, noise, out }));

// ---- timing ------------------------------------------------------------------------------

W.setBackend('js');
const naiveOf = (c) => () => (c.naive.length === 3 ? c.naive(dy, x, out) : c.naive(x, out));
const impls = cases.map((c) => [naiveOf(c), c.pkg]);
/**
 * ms per call of f, over `calls` calls: CPU time of this process by default (on a loaded
 * machine, time spent descheduled is not the code's), wall time with --wall.
 */
const WALL = flag('--wall');
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
};
const clock = WALL ? () => performance.now() : cpuMs;
const time = (f, calls) => {
  const t = clock();
  for (let k = 0; k < calls; k++) f();
  return (clock() - t) / calls;
};
for (const pair of impls) for (const f of pair) for (let k = 0; k < 4; k++) f();
const calls = impls.map((pair) => pair.map((f) => Math.max(1, Math.ceil(10 / time(f, 1)))));
const samples = cases.map(() => [[], []]);
for (let r = 0; r < ROUNDS; r++) {
  for (let c = 0; c < cases.length; c++) {
    const order = (r + c) % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) samples[c][k].push(time(impls[c][k], calls[c][k]));
  }
}
const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const { arch, platform, version } = process;
const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`js backend vs naive loop, ${N} ${F64 ? 'float64' : 'float32'} elements, ${ROUNDS} rounds, ${WALL ? 'wall' : 'CPU'} time, node ${version} ${platform}-${arch}, load ${load}`);
console.log('ratio = naive time / js time, of the medians over rounds; best = the same of the fastest rounds');
console.log(`${'case'.padEnd(32)} ${'naive ms'.padStart(9)} ${'js ms'.padStart(9)} ${'ratio'.padStart(6)} ${'best'.padStart(6)}`);
const ratios = [];
for (let c = 0; c < cases.length; c++) {
  const [tn, tj] = samples[c].map(median);
  const [bn, bj] = samples[c].map((a) => Math.min(...a));
  ratios.push(tn / tj);
  console.log(`${cases[c].id.padEnd(32)} ${tn.toFixed(2).padStart(9)} ${tj.toFixed(2).padStart(9)} ${(tn / tj).toFixed(2).padStart(6)} ${(bn / bj).toFixed(2).padStart(6)}`);
}
const below = cases.filter((_, c) => ratios[c] < 0.9).map((c) => c.id);
console.log(`min ratio ${Math.min(...ratios).toFixed(2)}; below 0.9: ${below.length ? below.join(', ') : 'none'}`);
