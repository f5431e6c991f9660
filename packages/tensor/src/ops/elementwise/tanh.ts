import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { sub } from './add.js';
import { mul } from './mul.js';
import { unaryOp } from './unary.js';

/** Hyperbolic tangent elementwise. `tanh(tensor([0]))` gives `[0]`. */
export function tanh(x: TensorLike): Tensor {
  return unaryOp('tanh', x, (dy, { output }) => [mul(dy, sub(1, mul(output, output)))]);
}
