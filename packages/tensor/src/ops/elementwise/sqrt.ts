import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { unaryOp } from './unary.js';

/** Square root elementwise. `sqrt(tensor([4, 9]))` gives `[2, 3]`. */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp('sqrt', x, (dy, { output }) => [div(dy, mul(output, 2))]);
}

/** 1 / sqrt(x) elementwise. */
export function rsqrt(x: TensorLike): Tensor {
  // d/dx x^(-1/2) = -1/2 x^(-3/2) = -1/2 y^3
  return unaryOp('rsqrt', x, (dy, { output }) => [mul(dy, mul(mul(output, mul(output, output)), -0.5))]);
}
