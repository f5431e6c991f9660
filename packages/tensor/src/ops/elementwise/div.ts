import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, unbroadcast } from './binary.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/**
 * Elementwise true division a / b with broadcasting; integer inputs give float32 (as torch.div).
 *
 * ```ts
 * div(tensor([1, 2, 3], [3], 'int32'), 2); // [0.5, 1, 1.5] float32
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('div', 'float', a, b, (dy, { inputs: [x, y], needs }) => [
    needs[0] ? unbroadcast(div(dy, y), x.shape) : null,
    // d(x/y)/dy = -x / y^2
    needs[1] ? unbroadcast(neg(div(mul(dy, x), mul(y, y))), y.shape) : null,
  ]);
}
