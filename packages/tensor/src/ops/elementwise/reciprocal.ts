import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { unaryOp } from './unary.js';

/** 1 / x elementwise. `reciprocal(tensor([4]))` gives `[0.25]`. */
export function reciprocal(x: TensorLike): Tensor {
  return unaryOp('reciprocal', x, (dy, { output }) => [neg(mul(dy, mul(output, output)))]);
}
