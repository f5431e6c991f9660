import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { unaryOp } from '../elementwise/unary.js';
import { activationBackward } from './fused-activation.js';

/**
 * max(x, 0). The gradient at exactly 0 is 0, as in PyTorch; it is written as a comparison
 * because maximum(x, 0) would split the gradient at the tie (x > 0 exactly where relu(x) > 0, so
 * the fused activations' backward serves).
 *
 * ```ts
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 * ```
 */
export function relu(x: TensorLike): Tensor {
  return unaryOp('relu', x, (dy, { inputs: [xi] }) => [activationBackward(dy, xi, 'relu')]);
}
