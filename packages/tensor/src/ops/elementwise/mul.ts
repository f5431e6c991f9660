import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, unbroadcast } from './binary.js';

/**
 * Elementwise a * b with broadcasting.
 *
 * ```ts
 * mul(tensor([1, 2, 3]), 2); // [2, 4, 6]
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', 'arith', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(mul(dy, y), x.shape) : null,
    needs[1] ? unbroadcast(mul(dy, x), y.shape) : null,
  ]);
}
