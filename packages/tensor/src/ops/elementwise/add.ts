import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, unbroadcast } from './binary.js';
import { neg } from './neg.js';

/**
 * Elementwise a + b with NumPy broadcasting.
 *
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])); // [[11, 22], [13, 24]]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', 'arith', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(dy, x.shape) : null,
    needs[1] ? unbroadcast(dy, y.shape) : null,
  ]);
}

/** Elementwise a - b with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', 'arith', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(dy, x.shape) : null,
    needs[1] ? unbroadcast(neg(dy), y.shape) : null,
  ]);
}
