import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { argReduceOp } from './reduce-op.js';

/**
 * Index (int32) of the largest value along `axis`; the first one on ties. Without an axis, the
 * index into the flattened tensor (as NumPy and torch).
 *
 * ```ts
 * argmax(tensor([[1, 5], [3, 2]]), 1); // [1, 0]
 * ```
 */
export function argmax(x: TensorLike, axis?: number | null): Tensor {
  return argReduceOp('argmax', x, axis);
}

/** Index (int32) of the smallest value along `axis`; the first one on ties. */
export function argmin(x: TensorLike, axis?: number | null): Tensor {
  return argReduceOp('argmin', x, axis);
}
