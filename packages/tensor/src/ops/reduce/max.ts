import type { BackwardFn } from '../../autograd/tape.js';
import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/cast.js';
import { equal } from '../elementwise/compare.js';
import { div } from '../elementwise/div.js';
import { mul } from '../elementwise/mul.js';
import { reshape } from '../shape/reshape.js';
import { reduceOp, reducedShape, type Axis } from './reduce-op.js';
import { sum } from './sum.js';

/** Tied extrema share the gradient equally (1/count each), as torch.amax and tf.reduce_max. */
const extremumBackward = (axes: number[]): BackwardFn => (dy, { inputs: [xi], output }) => {
  const keepShape = reducedShape(xi.shape, axes, true);
  const mask = cast(equal(xi, reshape(output, keepShape)), 'float32');
  return [div(mul(mask, reshape(dy, keepShape)), sum(mask, axes, true))];
};

/**
 * Maximum over `axis` (all axes when null).
 *
 * ```ts
 * max(tensor([[1, 5], [3, 2]]), 1); // [5, 3]
 * ```
 */
export function max(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('max', 'max', x, axis, keepDims, extremumBackward);
}

/** Minimum over `axis` (all axes when null). */
export function min(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('min', 'min', x, axis, keepDims, extremumBackward);
}

/** Product over `axis`; not differentiable (its gradient is ill-conditioned at zeros). */
export function prod(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('prod', 'prod', x, axis, keepDims);
}
