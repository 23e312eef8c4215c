// Benchmark inputs: seeded random sources, pools of inputs (so branch predictors cannot
// learn a repeating pattern at small sizes) and placement of the plain Float32Array
// operands at offsets that change every round (copy speed depends on addresses modulo
// 4096, see notes/assemblyscript.md pitfall 6; medians over rounds average that out).

/** mulberry32: a small seeded PRNG giving uniform floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n float32 values uniform in [lo, hi), from mulberry32(seed). */
export function uniform(n, lo, hi, seed) {
  const rnd = mulberry32(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd();
  return a;
}

/** Inputs of one size at most this many elements per operand, all pool members together. */
const POOL_ELEMENTS = 32768;
const PAGE = 4096;
const COLOUR = 576; // bytes; 7 colours spread starts over a 4 KiB page

/** Number of distinct inputs to rotate through at size n. */
export function poolSize(n) {
  return Math.max(1, Math.min(16, Math.floor(POOL_ELEMENTS / n)));
}

/**
 * Random sources shared by every case: x ~ U[-8, 8) (seed 12345), dy ~ U[-1, 1)
 * (seed 54321), long enough for the largest size plus one pool at small sizes.
 */
export function makeSources(maxN) {
  const len = Math.max(maxN, POOL_ELEMENTS);
  return { x: uniform(len, -8, 8, 12345), dy: uniform(len, -1, 1, 54321) };
}

/**
 * The operands of one (case, size): for each input name a pool of source arrays, the
 * plain arrays placed in an arena for this round, an output and a copy sink.
 */
export class CaseIO {
  /**
   * @param {{inputs: string[], outLength?: (n: number) => number,
   *          forwardOf?: (x: Float32Array, y: Float32Array) => void}} c the case
   * @param {number} n elements per input
   * @param {{x: Float32Array, dy: Float32Array}} sources
   */
  constructor(c, n, sources) {
    this.n = n;
    this.pool = poolSize(n);
    this.names = c.inputs;
    this.outLength = c.outLength ? c.outLength(n) : n;
    /** name -> pool of source arrays (not moved) */
    this.sources = {};
    for (const name of this.names) {
      this.sources[name] = Array.from({ length: this.pool }, (_, k) => {
        if (name === 'x') return sources.x.subarray(k * n, (k + 1) * n);
        if (name === 'dy') return sources.dy.subarray(k * n, (k + 1) * n);
        // y = f(x) for the from-output gradients, computed once by the naive forward loop.
        const y = new Float32Array(n);
        c.forwardOf(sources.x.subarray(k * n, (k + 1) * n), y);
        return y;
      });
    }
    const count = this.names.length * this.pool + 2;
    const bytes = (this.names.length * this.pool + 1) * n * 4 + this.outLength * 4 + count * 2 * PAGE;
    this.arena = new ArrayBuffer(bytes);
    this.place(0);
  }

  /**
   * Copies the operands to new offsets for round r: each starts at a page boundary plus
   * a colour (a multiple of 576 bytes) that depends on r and on the operand.
   */
  place(r) {
    let cursor = 0;
    let j = 0;
    const next = (len) => {
      cursor = Math.ceil(cursor / PAGE) * PAGE + (((r + 3 * j++) % 7) * COLOUR);
      const a = new Float32Array(this.arena, cursor, len);
      cursor += len * 4;
      return a;
    };
    /** name -> pool of plain Float32Arrays placed for this round */
    this.plain = {};
    for (const name of this.names) {
      this.plain[name] = this.sources[name].map((src) => {
        const a = next(this.n);
        a.set(src);
        return a;
      });
    }
    this.out = next(this.outLength);
    this.sink = next(this.n);
  }
}
