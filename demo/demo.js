// The demo page: pick an activation from the package's catalogue (activationInfo), set
// its parameters, and see f and f′ computed by the package over a few hundred points;
// then benchmark it in this browser. window.demo exposes the state for the tests.

import * as api from 'wasm-activations';
import { barChart, linePlot } from './svg.js';
import { runBenchmark } from './bench.js';

const X_MIN = -6;
const X_MAX = 6;
const POINTS = 401;
const xs = Float32Array.from({ length: POINTS }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (POINTS - 1));

const $ = (id) => document.getElementById(id);
const infos = api.activationInfo.filter((info) => typeof api[info.name] === 'function');

const demo = {
  ready: false,
  /** The activation shown, its options and the plotted values. */
  state: { name: '', opts: {}, xs: Array.from(xs), f: [], df: [] },
  bench: { running: false, done: false, n: 0, results: [], error: '' },
  select,
  setParam,
  runBench,
};
window.demo = demo;

/** True when the package accepts `value` for option `param` of `info`. */
function accepts(info, param, value) {
  try {
    api[info.name](new Float32Array(1), { ...defaults(info), [param]: value });
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

function defaults(info) {
  return Object.fromEntries(info.params.map((p) => [p.name, p.default]));
}

/** Slider range around the default, trimmed to the values the package accepts. */
function sliderRange(info, p) {
  const d = p.default;
  const span = 2 * Math.max(1, Math.abs(d));
  const step = span >= 8 ? 0.05 : 0.01;
  const edge = (far) => {
    if (accepts(info, p.name, far)) return far;
    let bad = far;
    let good = d;
    for (let i = 0; i < 40; i++) {
      const mid = (bad + good) / 2;
      if (accepts(info, p.name, mid)) good = mid;
      else bad = mid;
    }
    return good;
  };
  const lo = Math.ceil(edge(d - span) / step - 1e-9) * step;
  const hi = Math.floor(edge(d + span) / step + 1e-9) * step;
  return { min: Number(lo.toFixed(4)), max: Number(hi.toFixed(4)), step };
}

function paramControl(info, p) {
  const wrap = document.createElement('label');
  wrap.className = 'field param';
  const head = document.createElement('span');
  head.className = 'name';
  const output = document.createElement('output');
  head.append(p.name, output);
  let input;
  if (p.kind === 'choice') {
    input = document.createElement('select');
    for (const c of p.choices) input.add(new Option(c, c, c === p.default, c === p.default));
    output.textContent = '';
  } else {
    input = document.createElement('input');
    input.type = 'range';
    Object.assign(input, sliderRange(info, p));
    input.value = String(p.default);
    output.textContent = String(p.default);
  }
  input.name = p.name;
  input.addEventListener('input', () => {
    const v = p.kind === 'choice' ? input.value : Number(input.value);
    if (p.kind !== 'choice') output.textContent = String(v);
    setParam(p.name, v);
  });
  const doc = document.createElement('span');
  doc.className = 'doc';
  doc.textContent = p.doc;
  wrap.append(head, input, doc);
  return wrap;
}

/** Shows activation `name` with its default options. */
function select(name) {
  const info = infos.find((i) => i.name === name) ?? infos[0];
  $('activation').value = info.name;
  $('formula').textContent = `${info.name}(x) = ${info.formula}`;
  $('params').replaceChildren(...info.params.map((p) => paramControl(info, p)));
  demo.state.name = info.name;
  demo.state.opts = defaults(info);
  draw();
}

/** Sets one option of the shown activation (as a slider does) and redraws. */
function setParam(param, value) {
  const el = $('params').querySelector(`[name="${param}"]`);
  if (el && el.value !== String(value)) {
    el.value = String(value);
    el.dispatchEvent(new Event('input'));
    return;
  }
  demo.state.opts = { ...demo.state.opts, [param]: value };
  draw();
}

function draw() {
  const { name, opts } = demo.state;
  const fn = api[name];
  try {
    const f = fn(xs, opts);
    const df = fn.derivative(xs, opts);
    $('error').textContent = '';
    Object.assign(demo.state, { f: Array.from(f), df: Array.from(df) });
    linePlot($('plot'), { xs: demo.state.xs, curves: [{ ys: demo.state.f, className: 'f' }, { ys: demo.state.df, className: 'df' }] });
  } catch (e) {
    $('error').textContent = e.message; // the package's own message for a value it rejects
  }
}

function readout(event) {
  const svg = $('plot');
  const [left, , w] = svg.dataset.area.split(',').map(Number);
  const box = svg.getBoundingClientRect();
  const i = Math.round(((event.clientX - box.left - left) / w) * (POINTS - 1));
  if (i < 0 || i >= POINTS) return;
  const { xs: x, f, df } = demo.state;
  $('readout').textContent = ` x = ${x[i].toFixed(3)}: f = ${f[i].toPrecision(6)}, f′ = ${df[i].toPrecision(6)}`;
}

async function runBench() {
  if (demo.bench.running) return demo.bench;
  const n = Number($('size').value);
  Object.assign(demo.bench, { running: true, done: false, n, results: [], error: '' });
  $('run').disabled = true;
  try {
    const results = await runBenchmark(demo.state.name, demo.state.opts, n, (s) => ($('status').textContent = s));
    const naive = results.find((r) => r.id === 'naive');
    barChart($('bars'), results.map((r) => ({
      id: r.id, label: r.label, value: r.melem,
      note: naive && r.id !== 'naive' ? `(${(r.melem / naive.melem).toFixed(1)}× naive)` : '',
    })), 'Melem/s');
    demo.bench.results = results;
    $('status').textContent = `${demo.state.name}, ${n.toLocaleString('en')} elements`;
  } catch (e) {
    demo.bench.error = String(e);
    $('status').textContent = `benchmark failed: ${e.message}`;
  } finally {
    Object.assign(demo.bench, { running: false, done: true });
    $('run').disabled = false;
  }
  return demo.bench;
}

for (const info of infos) $('activation').add(new Option(info.name, info.name));
$('activation').addEventListener('change', (e) => select(e.target.value));
$('plot').addEventListener('mousemove', readout);
$('run').addEventListener('click', runBench);
$('backend').textContent = await api.init();
$('agent').textContent = navigator.userAgent;
const start = new URLSearchParams(location.search).get('activation');
select(start ?? 'sigmoid');
demo.ready = true;
