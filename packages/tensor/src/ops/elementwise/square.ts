import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { mul } from './mul.js';
import { unaryOp } from './unary.js';

/** x * x elementwise. `square(tensor([3]))` gives `[9]`. */
export function square(x: TensorLike): Tensor {
  return unaryOp('square', x, (dy, { inputs: [xi] }) => [mul(dy, mul(xi, 2))]);
}
