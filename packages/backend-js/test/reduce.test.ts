import type { ReduceLayout, ReduceOp } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { expectClose, f32, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

/** Naive reduction of x seen as [outer, reduce, inner], one output at a time. */
function referenceReduce(combine: (acc: number, v: number) => number, init: number, x: number[], { outer, reduce, inner }: ReduceLayout): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = init;
      for (let r = 0; r < reduce; r++) acc = combine(acc, x[(o * reduce + r) * inner + i]);
      out.push(acc);
    }
  }
  return out;
}

const LAYOUTS: ReduceLayout[] = [
  { outer: 1, reduce: 1, inner: 1 },
  { outer: 1, reduce: 17, inner: 1 },
  { outer: 5, reduce: 9, inner: 1 },
  { outer: 1, reduce: 6, inner: 7 },
  { outer: 3, reduce: 4, inner: 5 },
  { outer: 4, reduce: 1, inner: 3 },
];

const FLOAT: Record<ReduceOp, [(a: number, v: number) => number, number]> = {
  sum: [(a, v) => a + v, 0],
  prod: [(a, v) => a * v, 1],
  max: [Math.max, -Infinity],
  min: [Math.min, Infinity],
};

function run(op: ReduceOp, x: number[], layout: ReduceLayout, dtype: 'float32' | 'int32' = 'float32'): number[] {
  const out = backend.reduce(op, tensor(backend, x, [layout.outer, layout.reduce, layout.inner], dtype), layout);
  expect(out.values).toBeInstanceOf(dtype === 'float32' ? Float32Array : Int32Array);
  return values(backend, out, dtype, layout.outer * layout.inner);
}

describe('reduce float32', () => {
  for (const [op, [combine, init]] of Object.entries(FLOAT) as [ReduceOp, [(a: number, v: number) => number, number]][]) {
    it(`${op} matches a naive loop on ${LAYOUTS.length} layouts`, () => {
      LAYOUTS.forEach((layout, k) => {
        const x = uniform(layout.outer * layout.reduce * layout.inner, 21 + k, 0.5, 1.5);
        expectClose(run(op, x, layout), f32(referenceReduce(combine, init, x, layout)), 1e-6, 0);
      });
    });
  }

  it('max and min propagate NaN like Math.max', () => {
    const x = [1, NaN, 3, 4, 5, 6];
    for (const layout of [{ outer: 2, reduce: 3, inner: 1 }, { outer: 1, reduce: 3, inner: 2 }]) {
      for (const op of ['max', 'min'] as const) {
        const want = referenceReduce(FLOAT[op][0], FLOAT[op][1], x, layout);
        expectClose(run(op, x, layout), want);
      }
    }
  });

  it('sums in float64 before rounding once', () => {
    const x = [16777216, 1, 1, 1, 1];
    expect(run('sum', x, { outer: 1, reduce: 5, inner: 1 })).toEqual([16777220]);
  });

  it('gives the identity for empty reductions and nothing for empty outputs', () => {
    const layout = { outer: 2, reduce: 0, inner: 1 };
    expect(run('sum', [], layout)).toEqual([0, 0]);
    expect(run('prod', [], layout)).toEqual([1, 1]);
    expect(run('max', [], layout)).toEqual([-Infinity, -Infinity]);
    expect(run('min', [], layout)).toEqual([Infinity, Infinity]);
    expect(run('sum', [], { outer: 0, reduce: 3, inner: 2 })).toEqual([]);
  });
});

describe('reduce int32', () => {
  it('sum and prod wrap like int32', () => {
    expect(run('sum', [2147483647, 1, 5], { outer: 1, reduce: 3, inner: 1 }, 'int32')).toEqual([-2147483643]);
    expect(run('sum', [2147483647, 0, 1, 0], { outer: 1, reduce: 2, inner: 2 }, 'int32')).toEqual([-2147483648, 0]);
    expect(run('prod', [65536, 65536, 3, 7], { outer: 2, reduce: 2, inner: 1 }, 'int32')).toEqual([0, 21]);
    expect(run('prod', [123456, 3, 654321, 5], { outer: 1, reduce: 2, inner: 2 }, 'int32')).toEqual([Math.imul(123456, 654321), 15]);
  });

  it('max and min stay exact and use the int32 range for empty reductions', () => {
    const x = [5, -2147483648, 2147483647, 0];
    expect(run('max', x, { outer: 1, reduce: 4, inner: 1 }, 'int32')).toEqual([2147483647]);
    expect(run('min', x, { outer: 1, reduce: 2, inner: 2 }, 'int32')).toEqual([5, -2147483648]);
    expect(run('max', [], { outer: 1, reduce: 0, inner: 1 }, 'int32')).toEqual([-2147483648]);
    expect(run('min', [], { outer: 1, reduce: 0, inner: 1 }, 'int32')).toEqual([2147483647]);
  });
});

describe('argReduce', () => {
  function referenceArg(better: (v: number, best: number) => boolean, x: number[], { outer, reduce, inner }: ReduceLayout): number[] {
    const out: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let best = 0;
        for (let r = 1; r < reduce; r++) if (better(x[(o * reduce + r) * inner + i], x[(o * reduce + best) * inner + i])) best = r;
        out.push(best);
      }
    }
    return out;
  }

  it('returns the first extremum on random data with ties', () => {
    LAYOUTS.forEach((layout, k) => {
      const x = uniform(layout.outer * layout.reduce * layout.inner, 40 + k, 0, 4).map(Math.floor);
      const shape = [layout.outer, layout.reduce, layout.inner];
      const argmax = backend.argReduce('argmax', tensor(backend, x, shape), layout);
      const argmin = backend.argReduce('argmin', tensor(backend, x, shape), layout);
      expect(argmax.values).toBeInstanceOf(Int32Array);
      expect(values(backend, argmax, 'int32', layout.outer * layout.inner)).toEqual(referenceArg((v, b) => v > b, x, layout));
      expect(values(backend, argmin, 'int32', layout.outer * layout.inner)).toEqual(referenceArg((v, b) => v < b, x, layout));
    });
  });

  it('takes the first NaN as the extremum', () => {
    const layout = { outer: 1, reduce: 5, inner: 1 };
    const x = tensor(backend, [1, 9, NaN, 9, NaN], [5]);
    expect(values(backend, backend.argReduce('argmax', x, layout), 'int32', 1)).toEqual([2]);
    expect(values(backend, backend.argReduce('argmin', x, layout), 'int32', 1)).toEqual([2]);
    const first = tensor(backend, [NaN, 9, -1], [3]);
    expect(values(backend, backend.argReduce('argmax', first, { outer: 1, reduce: 3, inner: 1 }), 'int32', 1)).toEqual([0]);
  });

  it('works on int32 input and on empty outputs', () => {
    const x = tensor(backend, [3, -7, 3, 8, -7, 8], [2, 3], 'int32');
    const layout = { outer: 1, reduce: 2, inner: 3 };
    expect(values(backend, backend.argReduce('argmax', x, layout), 'int32', 3)).toEqual([1, 0, 1]);
    expect(values(backend, backend.argReduce('argmin', x, layout), 'int32', 3)).toEqual([0, 0, 0]);
    expect(values(backend, backend.argReduce('argmax', tensor(backend, [], [0, 4]), { outer: 0, reduce: 4, inner: 1 }), 'int32', 0)).toEqual([]);
  });
});
