import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { unaryOp } from './unary.js';

/** -x elementwise. `neg(tensor([1, -2]))` gives `[-1, 2]`. */
export function neg(x: TensorLike): Tensor {
  return unaryOp('neg', x, (dy) => [neg(dy)]);
}
