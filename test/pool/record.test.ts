// The recording backend (src/pool/record.ts): the public functions run against it write
// nothing and leave the Backend operations they would have run, with their operands.

import { describe, expect, it } from 'vitest';
import { withBackend } from '../../src/backends/loader.js';
import { CHUNK } from '../../src/memory.js';
import { Recorder, Unrecordable } from '../../src/pool/record.js';
import { gelu, glu, prelu, rrelu, sigmoid, softmax } from '../../src/index.js';

function record<T>(rows: boolean, f: () => T): { result: T; steps: Recorder['steps'] } {
  const recorder = new Recorder(rows);
  const result = withBackend(recorder, f);
  return { result, steps: recorder.steps };
}

describe('Recorder', () => {
  it('records an element-wise call with its kernel, parameters and operands, and writes nothing', () => {
    const x = Float32Array.from([1, -2, 3]);
    const out = new Float32Array(3).fill(7);
    const { result, steps } = record(false, () => gelu.backward(x, x, { approximate: 'tanh', out }));
    expect(result).toBe(out);
    expect([...out]).toEqual([7, 7, 7]);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'map2', units: 3, widths: [1, 1], outWidth: 1, out });
    expect(steps[0]!.kernel).toMatch(/^gelu.*_backward$/);
    expect(steps[0]!.inputs).toEqual([x, x]);
  });

  it('takes rows of any length in one step for row functions, with their widths', () => {
    const x = new Float32Array(3 * (CHUNK + 2));
    const { steps } = record(true, () => softmax(x, { rowLength: CHUNK + 2 }));
    expect(steps).toMatchObject([{ kind: 'rows', kernel: 'softmax_rows', units: 3, widths: [CHUNK + 2], outWidth: CHUNK + 2 }]);
    const g = record(true, () => glu.backward(new Float32Array(12), new Float32Array(24), { rowLength: 8 })).steps;
    expect(g).toMatchObject([{ kind: 'rows', kernel: 'glu_rows_backward', units: 3, widths: [4, 8], outWidth: 8 }]);
  });

  it('records generated slopes with their recipes, and steps in order', () => {
    const x = new Float32Array(10);
    const noise = new Float32Array(10);
    const { steps } = record(false, () => rrelu(x, { training: true, seed: 5, noise }));
    // Steps carry the package's own views of the caller's arrays (same memory, never the caller's objects).
    const isNoise = (a: unknown) => a !== noise && (a as Float32Array).buffer === noise.buffer;
    expect(steps.map((s) => [s.kernel, isNoise(s.out)])).toEqual([['slopes_derivative', true], ['product', false]]);
    expect((steps[0]!.inputs[1] as { recipe?: unknown }).recipe).toEqual({ name: 'sampledSlopes', args: [5, 0.125, 1 / 3, 10, true] });
    expect(isNoise(steps[1]!.inputs[1])).toBe(true);
    const p = record(false, () => prelu(x, { weight: Float32Array.from([0.5, 2]), innerSize: 5 })).steps;
    expect((p[0]!.inputs[1] as { recipe?: { name: string } }).recipe?.name).toBe('channelValues');
  });

  it('throws Unrecordable for what workers are not given: reductions, rows outside row functions', () => {
    const x = new Float32Array(4);
    const r = new Recorder(false);
    expect(() => r.reduce({ kernel: 'softmax_max', combine: 'max', js: () => 0, a: 0, b: 0 }, [x])).toThrow(Unrecordable);
    expect(() => r.rows({ kernel: 'softmax_rows', js: () => undefined, a: 0, b: 0 }, [x], x, 1)).toThrow(Unrecordable);
    expect(() => record(false, () => softmax(x, { rowLength: x.length }))).toThrow(Unrecordable);
  });

  it('lets validation errors through as they are', () => {
    expect(() => record(false, () => sigmoid([1] as never))).toThrow(/sigmoid: x must be a (?:Float16Array, )?Float32Array or Float64Array/);
  });
});
