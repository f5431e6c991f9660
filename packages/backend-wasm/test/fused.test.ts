import { philox4x32, philoxUniform, seedToKey, wordToUniform } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, expectBits, expectClose, randomArray, readBuf, tensor } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

function softmaxRef(x: ArrayLike<number>, rows: number, n: number, log: boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: n }, (_, i) => x[r * n + i]);
    const m = Math.max(...row);
    const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
    for (const v of row) out.push(log ? v - m - Math.log(s) : Math.exp(v - m) / s);
  }
  return out;
}

describe('softmax and logSoftmax', () => {
  for (const [rows, n] of [[1, 1], [3, 5], [7, 10], [2, 1000], [4000, 17]]) {
    it(`[${rows}, ${n}]`, () => {
      const xv = randomArray(rows * n, n, -8, 8);
      const x = tensor(be, xv, [rows, n]);
      expectClose(readBuf(be, be.softmax(x, rows, n), rows * n), softmaxRef(xv, rows, n, false), 1e-5, 1e-7);
      expectClose(readBuf(be, be.logSoftmax(x, rows, n), rows * n), softmaxRef(xv, rows, n, true), 1e-5, 2e-6);
    });
  }

  it('subtracts the row max, so logits of +-1000 stay finite', () => {
    const xv = [1000, 999, -1000, 0, 1000, 1000];
    const x = tensor(be, xv, [2, 3]);
    expectClose(readBuf(be, be.softmax(x, 2, 3), 6), softmaxRef(xv, 2, 3, false), 1e-6, 1e-7);
    expectClose(readBuf(be, be.logSoftmax(x, 2, 3), 6), softmaxRef(xv, 2, 3, true), 1e-6, 1e-5);
  });
});

describe('batchNorm', () => {
  it('normalises each channel, with and without scale and offset', () => {
    for (const [rows, c] of [[10, 3], [500, 16], [2, 33]]) {
      const xv = randomArray(rows * c, c, -3, 3);
      const mean = randomArray(c, 1), variance = randomArray(c, 2, 0.1, 2), scale = randomArray(c, 3), offset = randomArray(c, 4);
      const t = (v: Float32Array) => tensor(be, v, [c]);
      const x = tensor(be, xv, [rows, c]);
      const eps = 1e-3;
      const ref = (s: boolean, o: boolean) => Array.from(xv, (v, i) => {
        const ch = i % c;
        return ((v - mean[ch]) / Math.sqrt(variance[ch] + eps)) * (s ? scale[ch] : 1) + (o ? offset[ch] : 0);
      });
      expectClose(readBuf(be, be.batchNorm(x, t(mean), t(variance), t(scale), t(offset), eps), rows * c), ref(true, true), 1e-5, 1e-6);
      expectClose(readBuf(be, be.batchNorm(x, t(mean), t(variance), null, null, eps), rows * c), ref(false, false), 1e-5, 1e-6);
      expectClose(readBuf(be, be.batchNorm(x, t(mean), t(variance), null, t(offset), eps), rows * c), ref(false, true), 1e-5, 1e-6);
    }
  });
});

/** The uniform stream at an arbitrary 128-bit counter, from the core's philox4x32. */
function uniformAt(key: readonly [number, number], counter: readonly number[], n: number): Float32Array {
  const out = new Float32Array(n);
  const words = new Uint32Array(4);
  for (let i = 0; i < n; i += 4) {
    const c = [...counter];
    let carry = i / 4;
    for (let w = 0; w < 4; w++) {
      const s = c[w] + (carry % 4294967296);
      carry = Math.floor(carry / 4294967296) + (s >= 4294967296 ? 1 : 0);
      c[w] = s % 4294967296;
    }
    philox4x32(key[0], key[1], c[0], c[1], c[2], c[3], words);
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = wordToUniform(words[j]);
  }
  return out;
}

describe('randomUniform', () => {
  it('is bit-identical to the core generator (philoxUniform)', () => {
    for (const [seed, start, n] of [[0, 0, 1], [42, 0, 103], [1234, 17, 4096], [2 ** 40 + 5, 2 ** 32 - 3, 50], [7, 0, 100_003]]) {
      const key = seedToKey(seed);
      const want = philoxUniform(key, start, n);
      const got = readBuf(be, be.randomUniform(n, key, [start >>> 0, Math.floor(start / 2 ** 32) >>> 0, 0, 0]), n);
      expectBits(got, want);
    }
  });

  it('carries through all four counter words', () => {
    const key: [number, number] = [0xdeadbeef, 0x12345678];
    const counter: [number, number, number, number] = [0xfffffffe, 0xffffffff, 0xffffffff, 3];
    expectBits(readBuf(be, be.randomUniform(24, key, counter), 24), uniformAt(key, counter, 24));
    const values = readBuf(be, be.randomUniform(1000, key, counter), 1000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});
