import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { customOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { cast } from './cast.js';
import { greaterEqual, lessEqual, logicalAnd } from './compare.js';
import { maximum, minimum } from './maximum.js';
import { mul } from './mul.js';

/**
 * Clamps x to [min, max]. A value exactly on a bound keeps gradient 1 (inclusive mask, as
 * torch.clamp and tf.clip_by_value), which a composition of maximum/minimum would halve.
 *
 * ```ts
 * clip(tensor([-2, 0.5, 3]), -1, 1); // [-1, 0.5, 1]
 * ```
 */
export function clip(xLike: TensorLike, min: number, max: number): Tensor {
  const op = 'clip';
  if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max)) {
    fail(op, `min and max must be numbers, got ${min} and ${max}`);
  }
  if (min > max) fail(op, `min ${min} is greater than max ${max}`);
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    return customOp(op, [x], () => minimum(maximum(x, min), max), (dy, { inputs: [xi] }) => [
      mul(dy, cast(logicalAnd(greaterEqual(xi, min), lessEqual(xi, max)), 'float32')),
    ]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}
