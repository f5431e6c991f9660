import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';
import { unaryOp } from './unary.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The Gauss error function elementwise. `erf(tensor([0]))` gives `[0]`. */
export function erf(x: TensorLike): Tensor {
  return unaryOp('erf', x, (dy, { inputs: [xi] }) => [mul(dy, mul(exp(neg(square(xi))), TWO_OVER_SQRT_PI))]);
}
