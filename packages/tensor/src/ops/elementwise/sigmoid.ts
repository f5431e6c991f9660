import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { sub } from './add.js';
import { mul } from './mul.js';
import { unaryOp } from './unary.js';

/** 1 / (1 + e^-x) elementwise, stable for large |x|. `sigmoid(tensor([0]))` gives `[0.5]`. */
export function sigmoid(x: TensorLike): Tensor {
  return unaryOp('sigmoid', x, (dy, { output }) => [mul(dy, mul(output, sub(1, output)))]);
}
