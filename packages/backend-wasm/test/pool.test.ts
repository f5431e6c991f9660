import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectClose, poolInfo, randomArray, readBuf, tensor } from './helpers.js';
import { avgPoolBackpropRef, maxPoolBackpropRef, poolRef } from './reference.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

type Spec = [[number, number, number, number], [number, number], [number, number], 'same' | 'valid' | [number, number, number, number]];
const POOLS: Spec[] = [
  [[1, 4, 4, 1], [2, 2], [2, 2], 'valid'],
  [[2, 7, 7, 3], [3, 3], [2, 2], 'same'],
  [[2, 8, 8, 5], [3, 3], [2, 2], 'valid'],
  [[1, 5, 9, 6], [2, 3], [1, 2], 'same'],
  [[3, 6, 6, 9], [3, 3], [1, 1], 'same'],
  [[1, 7, 5, 4], [4, 2], [3, 1], [1, 2, 0, 1]],
  [[8, 28, 28, 32], [2, 2], [2, 2], 'valid'],
  // Windows that tile the image (the direct-write gradient): uncovered edges, padding, odd channels.
  [[2, 11, 11, 64], [2, 2], [2, 2], 'valid'],
  [[2, 9, 7, 6], [2, 2], [2, 2], 'same'],
  [[1, 10, 9, 3], [3, 3], [3, 3], 'same'],
  [[1, 7, 8, 5], [3, 2], [3, 2], [1, 2, 1, 1]],
  [[2, 5, 5, 4], [1, 1], [1, 1], 'valid'],
];

describe('pooling', () => {
  for (const [x, win, stride, pad] of POOLS) {
    it(`x [${x}] window ${win} stride ${stride} pad ${pad}`, () => {
      const p = poolInfo(x, win, stride, pad);
      const n = x.reduce((a, b) => a * b, 1);
      const xv = randomArray(n, n);
      const out = p.batch * p.outHeight * p.outWidth * p.channels;
      const dyv = randomArray(out, 3);
      const xt = tensor(be, xv, x), dy = tensor(be, dyv, [p.batch, p.outHeight, p.outWidth, p.channels]);
      expectClose(readBuf(be, be.maxPool(xt, p), out), poolRef(xv, p, false), 0, 0);
      expectClose(readBuf(be, be.avgPool(xt, p), out), poolRef(xv, p, true), 1e-6, 1e-7);
      expectClose(readBuf(be, be.maxPoolBackprop(dy, xt, p), n), maxPoolBackpropRef(dyv, xv, p), 1e-6, 1e-7);
      expectClose(readBuf(be, be.avgPoolBackprop(dy, p), n), avgPoolBackpropRef(dyv, p), 1e-6, 1e-7);
    });
  }

  it('max-pool gradient goes to the first maximum of a tied window; padding never wins', () => {
    const p = poolInfo([1, 2, 4, 1], [2, 2], [2, 2], 'valid');
    const x = tensor(be, [3, 3, 1, 7, 3, 2, 7, 7], [1, 2, 4, 1]);
    const dy = tensor(be, [10, 20], [1, 1, 2, 1]);
    expect(Array.from(readBuf(be, be.maxPoolBackprop(dy, x, p), 8))).toEqual([10, 0, 0, 20, 0, 0, 0, 0]);
    const q = poolInfo([1, 1, 3, 1], [1, 2], [1, 2], 'same');
    expect(q.padRight).toBe(1);
    const neg = tensor(be, [-3, -1, -2], [1, 1, 3, 1]);
    expect(Array.from(readBuf(be, be.maxPool(neg, q), 2))).toEqual([-1, -2]);
    const g = tensor(be, [5, 6], [1, 1, 2, 1]);
    expect(Array.from(readBuf(be, be.maxPoolBackprop(g, neg, q), 3))).toEqual([0, 5, 6]);
    // Four channels take the vector path: ties in lane 1, a unique max in lane 2.
    const v = tensor(be, [1, 2, 3, 4, 1, 2, 9, 0], [1, 1, 2, 4]);
    const gv = tensor(be, [1, 1, 1, 1], [1, 1, 1, 4]);
    const pv = poolInfo([1, 1, 2, 4], [1, 2], [1, 2], 'valid');
    expect(Array.from(readBuf(be, be.maxPoolBackprop(gv, v, pv), 8))).toEqual([1, 1, 0, 1, 0, 0, 1, 0]);
  });

  it('tiled max-pool gradient: NaN and ties pick the first cell, cells outside every window get 0', () => {
    // 2x2 / 2 on a 3x3 image: the last row and column belong to no window.
    const p = poolInfo([1, 3, 3, 4], [2, 2], [2, 2], 'valid');
    const nan = Number.NaN;
    const xv = [
      1, nan, 5, 0, /**/ 2, 1, 5, 0, /**/ 9, 9, 9, 9,
      2, 3, 5, 7, /**/ 0, 3, 1, 7, /**/ 9, 9, 9, 9,
      9, 9, 9, 9, /**/ 9, 9, 9, 9, /**/ 9, 9, 9, 9,
    ];
    const out = Array.from(readBuf(be, be.maxPoolBackprop(tensor(be, [10, 20, 30, 40], [1, 1, 1, 4]), tensor(be, xv, [1, 3, 3, 4]), p), 36));
    expect(out).toEqual([
      0, 20, 30, 0, /**/ 10, 0, 0, 0, /**/ 0, 0, 0, 0,
      0, 0, 0, 40, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0,
      0, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0,
    ]);
  });

  it('average pooling divides by the non-padded cells only', () => {
    const p = poolInfo([1, 2, 2, 1], [3, 3], [1, 1], 'same');
    const x = tensor(be, [1, 2, 3, 4], [1, 2, 2, 1]);
    expect(Array.from(readBuf(be, be.avgPool(x, p), 4))).toEqual([2.5, 2.5, 2.5, 2.5]);
  });
});
