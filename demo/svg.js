// Small SVG helpers for the demo: elements, nice axis ticks, a line plot and a bar chart.

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes, appended to `parent` when given. */
export function el(name, attrs = {}, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

/** A y-range that holds every finite value of the series (and 0), padded a little. */
export function yDomain(series) {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const v of s) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < 1e-6) hi = lo + 1;
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * Draws curves { xs, curves: [{ ys, className }] } into `svg`. The plot area and the data
 * domains are recorded as data- attributes, so a reader (or a test) can map pixels back
 * to values.
 */
export function linePlot(svg, { xs, curves }) {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const m = { left: 48, right: 12, top: 12, bottom: 28 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const [x0, x1] = [xs[0], xs[xs.length - 1]];
  const [y0, y1] = yDomain(curves.map((c) => c.ys));
  const px = (x) => m.left + ((x - x0) / (x1 - x0)) * w;
  const py = (y) => m.top + (1 - (y - y0) / (y1 - y0)) * h;
  svg.replaceChildren();
  Object.assign(svg.dataset, { area: [m.left, m.top, w, h].join(','), xDomain: `${x0},${x1}`, yDomain: `${y0},${y1}` });
  const grid = el('g', { class: 'grid' }, svg);
  for (const t of ticks(x0, x1, 12)) {
    el('line', { x1: px(t), x2: px(t), y1: m.top, y2: m.top + h }, grid);
    el('text', { x: px(t), y: height - 10, 'text-anchor': 'middle' }, svg).textContent = String(t);
  }
  for (const t of ticks(y0, y1, 8)) {
    el('line', { x1: m.left, x2: m.left + w, y1: py(t), y2: py(t) }, grid);
    el('text', { x: m.left - 6, y: py(t) + 4, 'text-anchor': 'end' }, svg).textContent = String(t);
  }
  el('line', { class: 'axis', x1: m.left, x2: m.left + w, y1: py(0), y2: py(0) }, svg);
  el('line', { class: 'axis', x1: px(0), x2: px(0), y1: m.top, y2: m.top + h }, svg);
  const clip = el('clipPath', { id: 'plot-area' }, el('defs', {}, svg));
  el('rect', { x: m.left, y: m.top, width: w, height: h }, clip);
  for (const c of curves) {
    let d = '';
    let pen = 'M';
    c.ys.forEach((y, i) => {
      if (!Number.isFinite(y)) {
        pen = 'M';
        return;
      }
      d += `${pen}${px(xs[i]).toFixed(2)},${py(y).toFixed(2)}`;
      pen = 'L';
    });
    el('path', { class: `curve ${c.className}`, d, 'clip-path': 'url(#plot-area)' }, svg);
  }
  return { px, py, area: { ...m, w, h } };
}

/** Horizontal bars [{ id, label, value, note }] with a value label each. */
export function barChart(svg, bars, unit) {
  const width = Number(svg.getAttribute('width'));
  const row = 30;
  const labelW = 190;
  const valueW = 240;
  const height = bars.length * row + 8;
  svg.setAttribute('height', String(height));
  svg.replaceChildren();
  svg.classList.add('bars');
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  bars.forEach((b, i) => {
    const y = 4 + i * row;
    const len = ((width - labelW - valueW) * b.value) / max;
    el('text', { class: 'label', x: labelW - 8, y: y + 17, 'text-anchor': 'end' }, svg).textContent = b.label;
    const bar = el('rect', { class: `bar ${b.id}`, x: labelW, y: y + 3, width: Math.max(len, 1), height: row - 8, rx: 2 }, svg);
    bar.dataset.value = String(b.value);
    el('text', { x: labelW + len + 6, y: y + 17 }, svg).textContent = `${b.value.toFixed(1)} ${unit}${b.note ? `  ${b.note}` : ''}`;
  });
}
