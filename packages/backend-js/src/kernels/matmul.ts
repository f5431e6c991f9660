import type { MatmulKernelOptions, TypedArray } from '@tessera/tensor';
import { sizeOf } from '../shape.js';
import { gemm } from './gemm.js';

/** Output shape facts of a batched matmul, from the operand shapes (the last two axes are the matrix). */
export interface MatmulDims {
  readonly batch: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

export function matmulDims(aShape: readonly number[], bShape: readonly number[], options: MatmulKernelOptions): MatmulDims {
  const [aRows, aCols] = aShape.slice(-2);
  const [bRows, bCols] = bShape.slice(-2);
  const batchA = sizeOf(aShape.slice(0, -2));
  const batchB = sizeOf(bShape.slice(0, -2));
  return {
    // A batch of 1 repeats; otherwise both batches are the output batch (which may be 0).
    batch: batchA === 1 ? batchB : batchA,
    batchA,
    batchB,
    m: options.transposeA ? aCols : aRows,
    k: options.transposeA ? aRows : aCols,
    n: options.transposeB ? bRows : bCols,
  };
}

/** `[batch, m, n]` = A x B per batch entry, float32. */
export function matmul(
  a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[], options: MatmulKernelOptions,
): Float32Array {
  const { batch, batchA, batchB, m, n, k } = matmulDims(aShape, bShape, options);
  const out = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    const aOffset = batchA === 1 ? 0 : i * m * k;
    const bOffset = batchB === 1 ? 0 : i * k * n;
    gemm(m, n, k, a, aOffset, options.transposeA, b, bOffset, options.transposeB, out, i * m * n, false);
  }
  return out;
}
