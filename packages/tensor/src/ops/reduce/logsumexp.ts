import { toTensor, type TensorLike } from '../../creation.js';
import { customOp } from '../../op.js';
import { normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { add, sub } from '../elementwise/add.js';
import { exp } from '../elementwise/exp.js';
import { log } from '../elementwise/log.js';
import { mul } from '../elementwise/mul.js';
import { reshape } from '../shape/reshape.js';
import { max } from './max.js';
import { reducedShape, type Axis } from './reduce-op.js';
import { sum } from './sum.js';

/**
 * log(sum(exp(x))) over `axis`, shifted by the max so that large logits do not overflow.
 *
 * ```ts
 * logSumExp(tensor([1000, 1000])); // 1000.6931
 * ```
 */
export function logSumExp(xLike: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  const c = toTensor('logSumExp', xLike, 'x');
  try {
    const x = c.t;
    const axes = normalizeAxes('logSumExp', axis, x.rank);
    const keepShape = reducedShape(x.shape, axes, true);
    return customOp('logSumExp', [x], () => {
      const m = max(x, axes, true);
      const y = add(log(sum(exp(sub(x, m)), axes, true)), m);
      return keepDims ? y : reshape(y, reducedShape(x.shape, axes, false));
    }, (dy, { inputs: [xi], output }) => [
      mul(reshape(dy, keepShape), exp(sub(xi, reshape(output, keepShape)))),
    ]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}
