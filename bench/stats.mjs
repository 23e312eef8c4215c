// Small statistics shared by the bench and the demo.

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
