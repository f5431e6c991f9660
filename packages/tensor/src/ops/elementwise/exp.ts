import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { unaryOp } from './unary.js';

/** e^x elementwise. `exp(tensor([0, 1]))` gives `[1, 2.718...]`. */
export function exp(x: TensorLike): Tensor {
  return unaryOp('exp', x, (dy, { output }) => [mul(dy, output)]);
}

/** e^x - 1, accurate for small |x|. */
export function expm1(x: TensorLike): Tensor {
  return unaryOp('expm1', x, (dy, { output }) => [mul(dy, add(output, 1))]);
}
