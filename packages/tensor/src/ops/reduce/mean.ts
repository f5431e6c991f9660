import { toTensor, type TensorLike } from '../../creation.js';
import { normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { cast } from '../elementwise/cast.js';
import { div } from '../elementwise/div.js';
import type { Axis } from './reduce-op.js';
import { sum } from './sum.js';

/**
 * Mean over `axis` (all axes when null); always float32.
 *
 * ```ts
 * mean(tensor([[1, 2], [3, 4]]), -1); // [1.5, 3.5]
 * ```
 */
export function mean(xLike: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  const c = toTensor('mean', xLike, 'x');
  try {
    const x = c.t;
    const axes = normalizeAxes('mean', axis, x.rank);
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    return tidy(() => div(sum(x.dtype === 'float32' ? x : cast(x, 'float32'), axes, keepDims), count));
  } finally {
    if (c.owned) c.t.dispose();
  }
}
