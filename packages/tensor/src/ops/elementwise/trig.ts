import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { unaryOp } from './unary.js';

/** Sine elementwise (radians). */
export function sin(x: TensorLike): Tensor {
  return unaryOp('sin', x, (dy, { inputs: [xi] }) => [mul(dy, cos(xi))]);
}

/** Cosine elementwise (radians). */
export function cos(x: TensorLike): Tensor {
  return unaryOp('cos', x, (dy, { inputs: [xi] }) => [neg(mul(dy, sin(xi)))]);
}
