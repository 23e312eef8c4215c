// results.svg: grouped horizontal bars, one group per case, one bar per implementation,
// Melem/s on a log scale, at one size (1 Mi when measured). Hand-written SVG.

import { sizeLabel } from './stats.mjs';

const COLOURS = {
  naive: '#9e9e9e',
  js: '#bcaaa4',
  wasm: '#90caf9',
  simd: '#1e88e5',
  'simd-new': '#26c6da',
  'simd-zc': '#0d47a1',
  copy: '#212121',
  'tfjs-wasm-op': '#fb8c00',
  'tfjs-wasm-e2e': '#ffcc80',
  'tfjs-cpu-op': '#fdd835',
  'ort-web': '#8e24aa',
  'ort-node': '#43a047',
};
const FALLBACK = ['#e53935', '#00897b', '#6d4c41', '#3949ab'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function chart(data, n = data.sizes.includes(2 ** 20) ? 2 ** 20 : data.sizes[data.sizes.length - 1]) {
  const results = data.results[n] ?? {};
  const cases = data.cases.filter((c) => results[c.id]);
  const impls = data.impls.filter((im) => cases.some((c) => results[c.id][im.id]?.melems));
  const colour = (im, i) => COLOURS[im.id] ?? FALLBACK[i % FALLBACK.length];
  const values = cases.flatMap((c) => impls.map((im) => results[c.id][im.id]?.melems).filter((v) => v > 0));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 10)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 100)));

  const W = 1000;
  const left = 200;
  const right = 30;
  const bar = 8;
  const gap = 12;
  const legendRows = Math.ceil(impls.length / 4);
  const top = 60 + legendRows * 20;
  const groupH = impls.length * bar + gap;
  const plotH = cases.length * groupH;
  const H = top + plotH + 60;
  const x = (v) => left + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (W - left - right);

  const s = [];
  s.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  s.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  s.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(
    `wasm-activations vs naive JS and peers: throughput at n = ${sizeLabel(n)} float32 elements`)}</text>`);
  s.push(`<text x="${W / 2}" y="42" text-anchor="middle" fill="#555">${esc(
    `Melem/s, log scale, higher is better; median over rounds; ${data.machine.cpu}, Node ${data.machine.node}`)}</text>`);
  impls.forEach((im, i) => {
    const lx = left + (i % 4) * 190;
    const ly = 56 + Math.floor(i / 4) * 20;
    s.push(`<rect x="${lx}" y="${ly}" width="14" height="10" fill="${colour(im, i)}"/>`);
    s.push(`<text x="${lx + 20}" y="${ly + 9}">${esc(im.label)}</text>`);
  });
  // Decade grid lines and labels.
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const gx = x(v).toFixed(1);
    s.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${top + plotH}" stroke="#ddd"/>`);
    s.push(`<text x="${gx}" y="${top + plotH + 16}" text-anchor="middle">${v >= 1000 ? `${v / 1000}k` : v}</text>`);
  }
  s.push(`<text x="${(left + W - right) / 2}" y="${top + plotH + 40}" text-anchor="middle">Melem/s (million elements per second, log scale)</text>`);
  cases.forEach((c, ci) => {
    const gy = top + ci * groupH;
    if (ci % 2 === 1) s.push(`<rect x="0" y="${gy - gap / 2}" width="${W}" height="${groupH}" fill="#f6f6f6"/>`);
    s.push(`<text x="${left - 8}" y="${gy + (impls.length * bar) / 2 + 4}" text-anchor="end">${esc(c.id)}</text>`);
    impls.forEach((im, i) => {
      const v = results[c.id][im.id]?.melems;
      if (!(v > 0)) return;
      const w = Math.max(1, x(v) - left);
      s.push(`<rect x="${left}" y="${gy + i * bar}" width="${w.toFixed(1)}" height="${bar - 1}" fill="${colour(im, i)}">` +
        `<title>${esc(`${c.id} / ${im.label}: ${v.toFixed(1)} Melem/s`)}</title></rect>`);
    });
  });
  s.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  s.push('</svg>');
  return s.join('\n');
}
