import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, unbroadcast } from './binary.js';
import { cast } from './cast.js';
import { equal, greater, less } from './compare.js';
import { add } from './add.js';
import { mul } from './mul.js';

/**
 * Where a == b the gradient is split 50/50 between both inputs, as in PyTorch (TensorFlow
 * gives it all to the first input); this keeps maximum(x, x) with gradient 1 overall.
 */
function tieSplitMask(winner: Tensor, tie: Tensor): Tensor {
  return add(cast(winner, 'float32'), mul(cast(tie, 'float32'), 0.5));
}

/**
 * Elementwise maximum with broadcasting.
 *
 * ```ts
 * maximum(tensor([1, 5]), tensor([3, 2])); // [3, 5]
 * ```
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('maximum', 'arith', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(mul(dy, tieSplitMask(greater(x, y), equal(x, y))), x.shape) : null,
    needs[1] ? unbroadcast(mul(dy, tieSplitMask(greater(y, x), equal(x, y))), y.shape) : null,
  ]);
}

/** Elementwise minimum with broadcasting; ties split the gradient like `maximum`. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('minimum', 'arith', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(mul(dy, tieSplitMask(less(x, y), equal(x, y))), x.shape) : null,
    needs[1] ? unbroadcast(mul(dy, tieSplitMask(less(y, x), equal(x, y))), y.shape) : null,
  ]);
}
