import type { FusedActivation } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { gemm } from '../src/kernels/gemm.js';
import { expectClose, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

/** Naive float64 batched matmul on logical (untransposed) operands [batch, m, k] x [batch, k, n]. */
function referenceMatmul(a: number[], b: number[], batchA: number, batchB: number, m: number, k: number, n: number): number[] {
  const batch = Math.max(batchA, batchB);
  const out = new Array<number>(batch * m * n).fill(0);
  for (let t = 0; t < batch; t++) {
    const ao = (batchA === 1 ? 0 : t) * m * k;
    const bo = (batchB === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
      out[(t * m + i) * n + j] = s;
    }
  }
  return out;
}

/** Stores each [rows, cols] matrix of a batch transposed. */
function transposeBatch(x: number[], batch: number, rows: number, cols: number): number[] {
  const out = new Array<number>(x.length);
  for (let t = 0; t < batch; t++) for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    out[t * rows * cols + c * rows + r] = x[t * rows * cols + r * cols + c];
  }
  return out;
}

function runMatmul(batchA: number, batchB: number, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, seed: number): void {
  const a = uniform(batchA * m * k, seed);
  const b = uniform(batchB * k * n, seed + 1);
  const aStored = transposeA ? transposeBatch(a, batchA, m, k) : a;
  const bStored = transposeB ? transposeBatch(b, batchB, k, n) : b;
  const out = backend.matmul(
    tensor(backend, aStored, transposeA ? [batchA, k, m] : [batchA, m, k]),
    tensor(backend, bStored, transposeB ? [batchB, n, k] : [batchB, k, n]),
    { transposeA, transposeB },
  );
  expect(out.values).toBeInstanceOf(Float32Array);
  const want = referenceMatmul(a, b, batchA, batchB, m, k, n);
  expectClose(values(backend, out, 'float32', want.length), want, 1e-5, 1e-5 * Math.sqrt(k));
}

const TRANSPOSES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

describe('matmul', () => {
  const sizes: [number, number, number][] = [[1, 1, 1], [7, 13, 5], [65, 129, 33], [4, 3, 8], [5, 1, 6], [1, 9, 1]];
  for (const [transposeA, transposeB] of TRANSPOSES) {
    it(`transposeA=${transposeA} transposeB=${transposeB} on ${sizes.map((s) => s.join('x')).join(', ')}`, () => {
      sizes.forEach(([m, k, n], i) => runMatmul(1, 1, m, k, n, transposeA, transposeB, 100 + i));
    });
  }

  it('crosses the default panel boundaries (k > 128, n > 256) with ragged edges', () => {
    runMatmul(1, 1, 70, 300, 270, false, false, 5);
    runMatmul(1, 1, 70, 300, 270, true, true, 6);
  });

  it('broadcasts a batch of 1 on either side', () => {
    for (const [transposeA, transposeB] of TRANSPOSES) {
      runMatmul(3, 3, 5, 4, 6, transposeA, transposeB, 10);
      runMatmul(1, 4, 5, 4, 6, transposeA, transposeB, 11);
      runMatmul(4, 1, 5, 4, 6, transposeA, transposeB, 12);
    }
  });

  it('accepts rank-2 operands and multi-axis batches', () => {
    const a = uniform(6, 1);
    const b = uniform(12, 2);
    const out = backend.matmul(tensor(backend, a, [2, 3]), tensor(backend, b, [3, 4]), { transposeA: false, transposeB: false });
    expectClose(values(backend, out, 'float32', 8), referenceMatmul(a, b, 1, 1, 2, 3, 4));
    const a4 = uniform(2 * 3 * 2 * 5, 3);
    const out4 = backend.matmul(tensor(backend, a4, [2, 3, 2, 5]), tensor(backend, uniform(5 * 4, 4), [1, 1, 5, 4]), { transposeA: false, transposeB: false });
    expectClose(values(backend, out4, 'float32', 6 * 8), referenceMatmul(a4, uniform(20, 4), 6, 1, 2, 5, 4));
  });

  it('handles empty dimensions: k = 0 gives zeros, m, n or batch = 0 give empty outputs', () => {
    const zeroK = backend.matmul(tensor(backend, [], [1, 2, 0]), tensor(backend, [], [1, 0, 3]), { transposeA: false, transposeB: false });
    expect(values(backend, zeroK, 'float32', 6)).toEqual([0, 0, 0, 0, 0, 0]);
    const zeroM = backend.matmul(tensor(backend, [], [1, 0, 2]), tensor(backend, [1, 2, 3, 4], [1, 2, 2]), { transposeA: false, transposeB: false });
    expect(values(backend, zeroM, 'float32', 0)).toEqual([]);
    const zeroBatch = backend.matmul(tensor(backend, [], [0, 2, 2]), tensor(backend, [1, 2, 3, 4], [1, 2, 2]), { transposeA: false, transposeB: false });
    expect(zeroBatch.values.length).toBe(0);
  });

  it('propagates NaN and Infinity like IEEE arithmetic', () => {
    const out = backend.matmul(tensor(backend, [NaN, 1, 0, 1], [2, 2]), tensor(backend, [0, 1, Infinity, 1], [2, 2]), { transposeA: false, transposeB: false });
    const [nan1, nan2, inf, one] = values(backend, out, 'float32', 4);
    expect(nan1).toBeNaN();
    expect(nan2).toBeNaN();
    expect(inf).toBe(Infinity);
    expect(one).toBe(1);
  });
});

describe('gemm blocking', () => {
  it('gives the same result with tiny panels, ragged in every direction, with and without accumulate', () => {
    const [m, k, n] = [11, 23, 19];
    const a = uniform(m * k, 31);
    const b = uniform(k * n, 32);
    const want = referenceMatmul(a, b, 1, 1, m, k, n);
    for (const blocking of [{ depth: 1, cols: 1 }, { depth: 5, cols: 4 }, { depth: 7, cols: 3 }, { depth: 64, cols: 64 }]) {
      for (const [transposeA, transposeB] of TRANSPOSES) {
        const aStored = Float32Array.from(transposeA ? transposeBatch(a, 1, m, k) : a);
        const bStored = Float32Array.from(transposeB ? transposeBatch(b, 1, k, n) : b);
        const out = new Float32Array(3 + m * n).fill(99);
        gemm(m, n, k, aStored, 0, transposeA, bStored, 0, transposeB, out, 3, false, blocking);
        expect(Array.from(out.subarray(0, 3))).toEqual([99, 99, 99]);
        expectClose(out.subarray(3), want, 1e-5, 1e-5);
        gemm(m, n, k, aStored, 0, transposeA, bStored, 0, transposeB, out, 3, true, blocking);
        expectClose(out.subarray(3), want.map((v) => 2 * v), 1e-5, 1e-5);
      }
    }
  });

  it('reads operands at an offset', () => {
    const a = Float32Array.from([7, 7, 1, 2, 3, 4]);
    const b = Float32Array.from([9, 5, 6, 7, 8]);
    const out = new Float32Array(4);
    gemm(2, 2, 2, a, 2, false, b, 1, false, out, 0, false);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });
});

describe('fusedMatmul', () => {
  const activations: Record<FusedActivation, (v: number) => number> = {
    linear: (v) => v,
    relu: (v) => Math.max(v, 0),
    relu6: (v) => Math.min(Math.max(v, 0), 6),
    sigmoid: (v) => 1 / (1 + Math.exp(-v)),
    tanh: Math.tanh,
  };
  for (const [activation, fn] of Object.entries(activations) as [FusedActivation, (v: number) => number][]) {
    it(`adds the bias over the last axis, then applies ${activation}`, () => {
      const [batch, m, k, n] = [2, 3, 4, 5];
      const a = uniform(batch * m * k, 50, -3, 3);
      const b = uniform(k * n, 51, -3, 3);
      const bias = uniform(n, 52, -2, 2);
      const product = referenceMatmul(a, b, batch, 1, m, k, n);
      const out = backend.fusedMatmul(tensor(backend, a, [batch, m, k]), tensor(backend, transposeBatch(b, 1, k, n), [1, n, k]), {
        transposeA: false, transposeB: true, bias: tensor(backend, bias, [n]), activation,
      });
      expectClose(values(backend, out, 'float32', product.length), product.map((v, i) => fn(v + bias[i % n])), 1e-5, 1e-5);
      const noBias = backend.fusedMatmul(tensor(backend, a, [batch, m, k]), tensor(backend, b, [1, k, n]), { transposeA: false, transposeB: false, activation });
      expectClose(values(backend, noBias, 'float32', product.length), product.map(fn), 1e-5, 1e-5);
    });
  }
});
