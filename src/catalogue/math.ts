// Small float64 helpers shared by catalogue rows.

/** NaN where x is NaN, else r (derivatives of piecewise functions keep NaN). */
export const keepNaN = (x: number, r: number): number => (x !== x ? x : r);

/** e/(1+e)², the logistic bell for e = exp(-|z|): no cancellation in the tails. */
export function bell(e: number): number {
  const d = 1 + e;
  return e / (d * d);
}
