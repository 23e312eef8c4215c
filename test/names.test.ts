// activate()'s names: the package's own, and the spellings PyTorch, ONNX and Keras configs
// use, each with its framework's defaults (src/catalogue/names.ts).

import { describe, expect, it } from 'vitest';
import * as W from '../src/index.js';
import { FRAMEWORK_NAMES } from '../src/catalogue/index.js';

const x = Float32Array.from({ length: 16 }, (_, i) => (i - 8) * 0.75);
const same = (a: Float32Array, b: Float32Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe('activate() by framework spelling', () => {
  it('every framework spelling runs its row, listed in activationNames', () => {
    for (const f of FRAMEWORK_NAMES) {
      expect(W.activationNames).toContain(f.name);
      const opts: Record<string, unknown> = f.target === 'threshold' ? {} : { ...f.defaults };
      if (['softmax', 'logSoftmax', 'softmin'].includes(f.target)) opts.rowLength = 8;
      if (f.target === 'glu') opts.rowLength = 8;
      if (f.target === 'threshold' && !f.defaults) Object.assign(opts, { threshold: 0.5, value: -1 });
      const fn = (W as unknown as Record<string, (x: Float32Array, o?: object) => Float32Array>)[f.target]!;
      const want = fn(x, { ...f.defaults, ...opts });
      same(W.activate(f.name, x, f.target === 'threshold' && f.defaults ? {} : opts), want);
    }
  });

  it("framework defaults apply; options the caller passes win; PyTorch's meaning wins a collision", () => {
    same(W.activate('HardSigmoid', x), W.hardsigmoid(x, { alpha: 0.2, beta: 0.5 }));
    same(W.activate('HardSigmoid', x, { alpha: 0.1 }), W.hardsigmoid(x, { alpha: 0.1, beta: 0.5 }));
    same(W.activate('Hardsigmoid', x), W.hardsigmoid(x));
    same(W.activate('hard_sigmoid', x), W.hardsigmoid(x));
    same(W.activate('LeakyRelu', x), W.leakyRelu(x, { negativeSlope: 0.01 }));
    same(W.activate('LeakyReLU', x), W.leakyRelu(x, { negativeSlope: 0.01 }));
    same(W.activate('leaky_relu', x), W.leakyRelu(x));
    same(W.activate('ThresholdedRelu', x), W.threshold(x, { threshold: 1, value: 0 }));
    same(W.activate('ThresholdedRelu', x, { threshold: 2 }), W.threshold(x, { threshold: 2, value: 0 }));
    same(W.activate('Shrink', x), W.hardshrink(x, { lambd: 0.5 }));
    same(W.activate('swish', x), W.silu(x));
    same(W.activate('GELU', x), W.gelu(x));
    expect(() => W.activate('hardSigmoid', x)).toThrow(/activate: unknown activation "hardSigmoid"; known: .*HardSigmoid/);
  });

  it('reads the options once and validates them as the function does', () => {
    let reads = 0;
    const opts = {
      get alpha() {
        reads++;
        return 0.3;
      },
    };
    same(W.activate('HardSigmoid', x, opts), W.hardsigmoid(x, { alpha: 0.3, beta: 0.5 }));
    expect(reads).toBe(1);
    expect(() => W.activate('HardSigmoid', x, { alpha: NaN })).toThrow(/hardsigmoid: alpha must not be NaN/);
    expect(() => W.activate('HardSigmoid', x, { gamma: 1 })).toThrow(/hardsigmoid: unknown option "gamma"/);
    expect(() => W.activate('HardSigmoid', x, 5 as never)).toThrow(/activate: opts must be an object/);
  });
});
