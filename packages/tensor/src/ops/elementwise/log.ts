import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { add } from './add.js';
import { div } from './div.js';
import { unaryOp } from './unary.js';

/** Natural logarithm elementwise (NaN below 0, -Infinity at 0). `log(tensor([1]))` gives `[0]`. */
export function log(x: TensorLike): Tensor {
  return unaryOp('log', x, (dy, { inputs: [xi] }) => [div(dy, xi)]);
}

/** log(1 + x), accurate for small |x|. */
export function log1p(x: TensorLike): Tensor {
  return unaryOp('log1p', x, (dy, { inputs: [xi] }) => [div(dy, add(xi, 1))]);
}
