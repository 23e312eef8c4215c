// Small statistics and number formats shared by the bench scripts and the demo.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** max |a[i] − b[i]| over b's length; NaN when one side has a NaN the other has not. */
export function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (!(d <= m)) m = d;
    if (Number.isNaN(m)) return m;
  }
  return m;
}

function quantile(sorted, q) {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

/** Median, quartiles and range of `values`. */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), q1: quantile(s, 0.25), q3: quantile(s, 0.75), min: s[0], max: s[s.length - 1] };
}

/** An element count as "4 Ki", "16 Mi" or the plain number. */
export function sizeLabel(n) {
  if (n % 2 ** 20 === 0) return `${n / 2 ** 20} Mi`;
  if (n % 2 ** 10 === 0) return `${n / 2 ** 10} Ki`;
  return String(n);
}

/** Three significant digits (whole numbers from 100 up). */
export function fmt(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  return Math.abs(v) >= 99.95 ? String(Math.round(v)) : v.toPrecision(3);
}
