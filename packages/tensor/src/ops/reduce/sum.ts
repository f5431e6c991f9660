import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { broadcastTo } from '../shape/broadcast-to.js';
import { reshape } from '../shape/reshape.js';
import { reduceOp, reducedShape, type Axis } from './reduce-op.js';

/**
 * Sum over `axis` (all axes when null). Bool sums to int32.
 *
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 * ```
 */
export function sum(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('sum', 'sum', x, axis, keepDims, (axes) => (dy, { inputs: [xi] }) => [
    broadcastTo(reshape(dy, reducedShape(xi.shape, axes, true)), xi.shape),
  ]);
}
