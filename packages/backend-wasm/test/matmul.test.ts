import type { FusedActivation } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectClose, randomArray, readBuf, sizeOf, tensor } from './helpers.js';
import { matmulRef } from './reference.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

const CASES: [number[], number[]][] = [
  [[1, 2, 3], [1, 3, 2]], [[1, 5, 7], [1, 7, 9]], [[3, 17, 33], [3, 33, 19]], [[1, 6, 5], [4, 5, 7]],
  [[4, 6, 5], [1, 5, 7]], [[1, 1, 40], [1, 40, 1]], [[1, 130, 600], [1, 600, 70]], [[2, 64, 1100], [2, 1100, 24]],
  [[1, 257, 129], [1, 129, 255]],
  // K >= 8192 with a small output: the split-K path (partials summed in chunk order).
  [[1, 9, 9000], [1, 9000, 7]],
];

const shapeFor = (s: number[], t: boolean) => (t ? [s[0], s[2], s[1]] : s);

describe('matmul', () => {
  for (const [sa, sb] of CASES) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`[${sa}] x [${sb}] transposeA=${ta} transposeB=${tb}`, () => {
        const shapeA = shapeFor(sa, ta), shapeB = shapeFor(sb, tb);
        const av = randomArray(sizeOf(shapeA), sa[1] + sb[2]), bv = randomArray(sizeOf(shapeB), sa[2] * 3 + 1);
        const a = tensor(be, av, shapeA), b = tensor(be, bv, shapeB);
        const out = be.matmul(a, b, { transposeA: ta, transposeB: tb });
        const ref = matmulRef(av, shapeA, bv, shapeB, ta, tb);
        expectClose(readBuf(be, out, ref.out.length), ref.out, 1e-5, 2e-6 * Math.sqrt(sa[2]));
        be.free(out); be.free(a.buffer); be.free(b.buffer);
      });
    }
  }

  it('an inner dimension of 0 gives zeros (plus bias and activation when fused)', () => {
    const a = tensor(be, [], [1, 3, 0]), b = tensor(be, [], [1, 0, 2]);
    expect(Array.from(readBuf(be, be.matmul(a, b, { transposeA: false, transposeB: false }), 6))).toEqual([0, 0, 0, 0, 0, 0]);
    const bias = tensor(be, [-1, 2], [2]);
    const fused = be.fusedMatmul(a, b, { transposeA: false, transposeB: false, bias, activation: 'relu' });
    expect(Array.from(readBuf(be, fused, 6))).toEqual([0, 2, 0, 2, 0, 2]);
  });
});

const ACT: Record<FusedActivation, (x: number) => number> = {
  linear: (x) => x, relu: (x) => Math.max(x, 0), relu6: (x) => Math.min(Math.max(x, 0), 6),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)), tanh: Math.tanh,
};

describe('fusedMatmul', () => {
  for (const activation of Object.keys(ACT) as FusedActivation[]) {
    it(`bias + ${activation}`, () => {
      for (const [m, k, n] of [[5, 9, 11], [70, 300, 37], [7, 9000, 5]]) {
        const av = randomArray(m * k, m, -2, 2), bv = randomArray(k * n, n, -2, 2), biasv = randomArray(n, 7, -3, 3);
        const a = tensor(be, av, [1, m, k]), b = tensor(be, bv, [1, k, n]), bias = tensor(be, biasv, [n]);
        const ref = matmulRef(av, [1, m, k], bv, [1, k, n], false, false).out.map((v, i) => ACT[activation](v + biasv[i % n]));
        const out = be.fusedMatmul(a, b, { transposeA: false, transposeB: false, bias, activation });
        expectClose(readBuf(be, out, m * n), ref, 1e-5, 1e-5 * Math.sqrt(k));
        const noBias = be.fusedMatmul(a, b, { transposeA: false, transposeB: false, activation });
        const ref2 = matmulRef(av, [1, m, k], bv, [1, k, n], false, false).out.map(ACT[activation]);
        expectClose(readBuf(be, noBias, m * n), ref2, 1e-5, 1e-5 * Math.sqrt(k));
      }
    });
  }
});
