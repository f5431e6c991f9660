import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { mul } from './mul.js';
import { sign } from './sign.js';
import { unaryOp } from './unary.js';

/** |x| elementwise; the gradient at 0 is 0 (sign(0)), as in PyTorch. `abs(tensor([-1.5, 2]))` gives `[1.5, 2]`. */
export function abs(x: TensorLike): Tensor {
  return unaryOp('abs', x, (dy, { inputs: [xi] }) => [mul(dy, sign(xi))]);
}
