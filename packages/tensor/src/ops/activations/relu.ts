import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/cast.js';
import { greater } from '../elementwise/compare.js';
import { mul } from '../elementwise/mul.js';
import { unaryOp } from '../elementwise/unary.js';

/**
 * max(x, 0). The gradient at exactly 0 is 0, as in PyTorch; it is written as a comparison
 * because maximum(x, 0) would split the gradient at the tie.
 *
 * ```ts
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 * ```
 */
export function relu(x: TensorLike): Tensor {
  return unaryOp('relu', x, (dy, { inputs: [xi] }) => [mul(dy, cast(greater(xi, 0), dy.dtype))]);
}
