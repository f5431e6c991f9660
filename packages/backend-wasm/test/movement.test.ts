import type { DType } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, randomArray, readBuf, sizeOf, tensor } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

function strides(shape: readonly number[]): number[] {
  const s = new Array(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = i % shape[d]; i = Math.floor(i / shape[d]); }
  return idx;
}
const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('transpose', () => {
  const cases: [number[], number[]][] = [
    [[2, 3], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 3, 4], [0, 2, 1]], [[4, 5, 6, 7], [3, 1, 0, 2]],
    [[37, 53], [1, 0]], [[3, 67, 129], [0, 2, 1]], [[5, 1, 9, 2], [2, 3, 1, 0]], [[300, 301], [1, 0]],
  ];
  for (const [shape, perm] of cases) {
    it(`[${shape}] by [${perm}]`, () => {
      const n = sizeOf(shape);
      for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
        const values = iota(n).map((v) => (dtype === 'bool' ? v % 2 : v));
        const x = tensor(be, values, shape, dtype);
        const outShape = perm.map((p) => shape[p]);
        const got = Array.from(readBuf(be, be.transpose(x, perm), n, dtype));
        const xs = strides(shape);
        const want = iota(n).map((i) => values[unravel(i, outShape).reduce((acc, v, d) => acc + v * xs[perm[d]], 0)]);
        expect(got).toEqual(want);
      }
    });
  }
});

describe('slice, tile, pad, concat', () => {
  it('slices with positive, negative and unit strides', () => {
    const shape = [4, 5, 6];
    const x = tensor(be, iota(120), shape, 'int32');
    const cases: [number[], number[], number[]][] = [
      [[1, 0, 2], [1, 1, 1], [2, 5, 3]],
      [[3, 4, 5], [-1, -2, -1], [4, 3, 6]],
      [[0, 1, 0], [2, 2, 3], [2, 2, 2]],
      [[2, 0, 5], [1, 1, -5], [1, 5, 2]],
    ];
    const xs = strides(shape);
    for (const [begin, st, out] of cases) {
      const got = Array.from(readBuf(be, be.slice(x, begin, st, out), sizeOf(out), 'int32'));
      const want = iota(sizeOf(out)).map((i) => unravel(i, out).reduce((acc, v, d) => acc + (begin[d] + v * st[d]) * xs[d], 0));
      expect(got).toEqual(want);
    }
  });

  it('tiles every axis', () => {
    const x = tensor(be, [1, 2, 3, 4, 5, 6], [2, 3]);
    const got = Array.from(readBuf(be, be.tile(x, [2, 3]), 36));
    const want = iota(36).map((i) => { const [r, c] = unravel(i, [4, 9]); return (r % 2) * 3 + (c % 3) + 1; });
    expect(got).toEqual(want);
    const b = tensor(be, [1, 0, 1], [3, 1], 'bool');
    expect(Array.from(readBuf(be, be.tile(b, [1, 2]), 6, 'bool'))).toEqual([1, 1, 0, 0, 1, 1]);
  });

  it('pads with a constant on each side', () => {
    const x = tensor(be, [1, 2, 3, 4, 5, 6], [2, 3]);
    const got = Array.from(readBuf(be, be.pad(x, [[1, 0], [2, 1]], -1), 18));
    expect(got).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, -1, -1, -1, 4, 5, 6, -1]);
    const i = tensor(be, [7], [1, 1], 'int32');
    expect(Array.from(readBuf(be, be.pad(i, [[0, 1], [0, 0]], 9), 2, 'int32'))).toEqual([7, 9]);
  });

  it('concatenates along any axis', () => {
    const a = tensor(be, iota(12), [2, 2, 3]);
    const b = tensor(be, iota(6).map((v) => 100 + v), [2, 1, 3]);
    const got = Array.from(readBuf(be, be.concat([a, b, a], 1, [2, 5, 3]), 30));
    const want = [...iota(6), 100, 101, 102, ...iota(6), ...iota(6).map((v) => v + 6), 103, 104, 105, ...iota(6).map((v) => v + 6)];
    expect(got).toEqual(want);
    const c = tensor(be, [1, 0], [2], 'bool'), d = tensor(be, [1], [1], 'bool');
    expect(Array.from(readBuf(be, be.concat([c, d], 0, [3]), 3, 'bool'))).toEqual([1, 0, 1]);
  });
});

describe('gather and scatterAdd', () => {
  it('gathers rows of any axis, repeats allowed', () => {
    const x = tensor(be, iota(24), [2, 4, 3], 'int32');
    const idx = tensor(be, [3, 0, 3], [3], 'int32');
    const got = Array.from(readBuf(be, be.gather(x, idx, { outer: 2, reduce: 4, inner: 3 }), 18, 'int32'));
    expect(got).toEqual([9, 10, 11, 0, 1, 2, 9, 10, 11, 21, 22, 23, 12, 13, 14, 21, 22, 23]);
    const xf = tensor(be, randomArray(1000 * 64, 1), [1000, 64]);
    const many = tensor(be, iota(900).map((i) => (i * 37) % 1000), [900], 'int32');
    const out = readBuf(be, be.gather(xf, many, { outer: 1, reduce: 1000, inner: 64 }), 900 * 64);
    const src = readBuf(be, xf.buffer, 64000);
    for (let j = 0; j < 900; j++) for (let c = 0; c < 64; c += 13) expect(out[j * 64 + c]).toBe(src[((j * 37) % 1000) * 64 + c]);
  });

  it('scatterAdd sums repeated indices, in float32 and int32', () => {
    const u = tensor(be, [1, 2, 3, 4, 5, 6, 7, 8], [2, 4, 1]);
    const idx = tensor(be, [2, 0, 2, 2], [4], 'int32');
    expect(Array.from(readBuf(be, be.scatterAdd(u, idx, 2, 3, 1), 6))).toEqual([2, 0, 8, 6, 0, 20]);
    const ui = tensor(be, [1, 2, 3, 4], [1, 2, 2], 'int32');
    const ii = tensor(be, [1, 1], [2], 'int32');
    expect(Array.from(readBuf(be, be.scatterAdd(ui, ii, 1, 2, 2), 4, 'int32'))).toEqual([0, 0, 4, 6]);
    // Wide rows split into column bands.
    const wide = randomArray(3 * 2500, 9);
    const uw = tensor(be, wide, [1, 3, 2500]);
    const iw = tensor(be, [1, 0, 1], [3], 'int32');
    const got = readBuf(be, be.scatterAdd(uw, iw, 1, 2, 2500), 5000);
    for (let c = 0; c < 2500; c += 7) {
      expect(got[c]).toBe(wide[2500 + c]);
      expect(got[2500 + c]).toBe(Math.fround(wide[c] + wide[5000 + c]));
    }
  });
});

describe('readSyncInto', () => {
  it('reads each dtype into a given array, a view included, as readSync does', async () => {
    const b = await backend();
    try {
      const f = randomArray(1000, 4);
      const i = Int32Array.from({ length: 7 }, (_, k) => k * 1000 - 3000);
      const u = Uint8Array.from([1, 0, 0, 1, 1]);
      const ft = tensor(b, f, [1000]), it32 = tensor(b, i, [7], 'int32'), bt = tensor(b, u, [5], 'bool');
      const big = new Float32Array(1002);
      b.readSyncInto(ft.buffer, 'float32', 1000, big.subarray(1, 1001));
      expect(Array.from(big.subarray(1, 1001))).toEqual(Array.from(b.readSync(ft.buffer, 'float32', 1000)));
      expect([big[0], big[1001]]).toEqual([0, 0]);
      const io = new Int32Array(7), uo = new Uint8Array(5);
      b.readSyncInto(it32.buffer, 'int32', 7, io);
      b.readSyncInto(bt.buffer, 'bool', 5, uo);
      expect(Array.from(io)).toEqual(Array.from(i));
      expect(Array.from(uo)).toEqual([1, 0, 0, 1, 1]);
      for (const t of [ft, it32, bt]) b.free(t.buffer);
    } finally {
      b.dispose();
    }
  });
});
