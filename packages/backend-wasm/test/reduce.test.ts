import type { ReduceOp } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectClose, randomArray, readBuf, tensor } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

function reduceRef(op: ReduceOp, x: ArrayLike<number>, outer: number, red: number, inner: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let acc = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
      for (let r = 0; r < red; r++) {
        const v = x[(o * red + r) * inner + i];
        acc = op === 'sum' ? acc + v : op === 'prod' ? acc * v : op === 'max' ? Math.max(acc, v) : Math.min(acc, v);
      }
      out.push(acc);
    }
  return out;
}

const LAYOUTS: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [3, 17, 1], [1, 5, 3], [4, 33, 9], [2, 3, 1030], [1, 100_000, 1], [3, 9000, 5], [1, 20_000, 2],
];

describe('reduce', () => {
  for (const op of ['sum', 'prod', 'max', 'min'] as ReduceOp[]) {
    it(`${op} over [outer, reduce, inner] layouts, float32 and int32`, () => {
      for (const [outer, red, inner] of LAYOUTS) {
        const n = outer * red * inner;
        // prod of many values needs values near 1 to stay finite.
        const xf = op === 'prod' ? randomArray(n, red, 0.999, 1.001) : randomArray(n, red);
        const out = be.reduce(op, tensor(be, xf, [n]), { outer, reduce: red, inner });
        expectClose(readBuf(be, out, outer * inner), reduceRef(op, xf, outer, red, inner), 2e-5, 1e-4 * Math.sqrt(red) * 1e-2);
        const xi = Int32Array.from(xf, (v, i) => Math.round(v * 10) + (i % 3));
        const oi = be.reduce(op, tensor(be, xi, [n], 'int32'), { outer, reduce: red, inner });
        const want = reduceRef(op, xi, outer, red, inner);
        if (op === 'sum') expect(Array.from(readBuf(be, oi, outer * inner, 'int32'))).toEqual(want.map((v) => v | 0));
        if (op === 'max' || op === 'min') expect(Array.from(readBuf(be, oi, outer * inner, 'int32'))).toEqual(want);
      }
    });
  }

  it('propagates NaN through max, min and sum', () => {
    const x = tensor(be, [1, NaN, 3, 4, ...new Array(40).fill(2)], [44]);
    for (const op of ['max', 'min', 'sum'] as ReduceOp[]) {
      expect(Number.isNaN(readBuf(be, be.reduce(op, x, { outer: 1, reduce: 44, inner: 1 }), 1)[0])).toBe(true);
    }
  });

  it('an empty reduction gives the identity', () => {
    const x = tensor(be, [], [0]);
    expect(Array.from(readBuf(be, be.reduce('sum', x, { outer: 2, reduce: 0, inner: 1 }), 2))).toEqual([0, 0]);
    expect(Array.from(readBuf(be, be.reduce('max', x, { outer: 1, reduce: 0, inner: 1 }), 1))).toEqual([-Infinity]);
  });

  it('sums a million values accurately', () => {
    const n = 1 << 20;
    const x = randomArray(n, 5, 0, 1);
    let exact = 0;
    for (const v of x) exact += v;
    const got = readBuf(be, be.reduce('sum', tensor(be, x, [n]), { outer: 1, reduce: n, inner: 1 }), 1)[0];
    expect(Math.abs(got - exact) / exact).toBeLessThan(1e-6);
  });
});

describe('argReduce', () => {
  it('returns the first index of the extremum', () => {
    const x = tensor(be, [1, 5, 5, 0, 0, 2, 7, 7, 7, 3, -1, -1], [12]);
    const layout = { outer: 2, reduce: 3, inner: 2 };
    expect(Array.from(readBuf(be, be.argReduce('argmax', x, layout), 4, 'int32'))).toEqual([1, 0, 0, 0]);
    expect(Array.from(readBuf(be, be.argReduce('argmin', x, layout), 4, 'int32'))).toEqual([2, 1, 2, 2]);
    const row = tensor(be, [3, 9, 1, 9, 1], [5], 'int32');
    expect(Array.from(readBuf(be, be.argReduce('argmax', row, { outer: 1, reduce: 5, inner: 1 }), 1, 'int32'))).toEqual([1]);
    expect(Array.from(readBuf(be, be.argReduce('argmin', row, { outer: 1, reduce: 5, inner: 1 }), 1, 'int32'))).toEqual([2]);
  });

  it('treats NaN as the extremum (as torch) and handles large inputs', () => {
    const x = tensor(be, [1, NaN, 3, NaN], [4]);
    expect(readBuf(be, be.argReduce('argmax', x, { outer: 1, reduce: 4, inner: 1 }), 1, 'int32')[0]).toBe(1);
    const n = 200_000;
    const v = randomArray(n, 8);
    v[123_457] = 5;
    v[7] = -5;
    const big = tensor(be, v, [n]);
    expect(readBuf(be, be.argReduce('argmax', big, { outer: 1, reduce: n, inner: 1 }), 1, 'int32')[0]).toBe(123_457);
    expect(readBuf(be, be.argReduce('argmin', big, { outer: 1, reduce: n, inner: 1 }), 1, 'int32')[0]).toBe(7);
  });
});
