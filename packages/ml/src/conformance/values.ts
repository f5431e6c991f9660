import type { Matrix } from '../core/matrix.js';

/** A value the conformance runner reads like a tensor (shape, dtype, async data). */
export interface TensorLikeValue {
  readonly shape: number[];
  readonly dtype: 'float32';
  data(): Promise<ArrayLike<number>>;
}

export function tensorLike(values: ArrayLike<number>, shape: number[]): TensorLikeValue {
  return { shape, dtype: 'float32', data: async () => values };
}

export function matrixValue(m: Matrix): TensorLikeValue {
  return tensorLike(m.data, [m.rows, m.cols]);
}

export function vectorValue(v: ArrayLike<number>): TensorLikeValue {
  return tensorLike(v, [v.length]);
}
