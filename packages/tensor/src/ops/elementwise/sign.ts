import type { TensorLike } from '../../creation.js';
import { zerosLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { unaryOp } from './unary.js';

/** -1, 0 or 1 elementwise; its gradient is 0 everywhere. `sign(tensor([-3, 0, 2]))` gives `[-1, 0, 1]`. */
export function sign(x: TensorLike): Tensor {
  return unaryOp('sign', x, (dy) => [zerosLike(dy)]);
}
