import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { sum } from '../reduce/sum.js';
import { reshape } from './reshape.js';

/**
 * Repeats x `reps[d]` times along each axis.
 *
 * ```ts
 * tile(tensor([[1, 2]]), [2, 2]); // [[1,2,1,2],[1,2,1,2]]
 * ```
 */
export function tile(xLike: TensorLike, reps: readonly number[]): Tensor {
  const op = 'tile';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    if (!Array.isArray(reps) || reps.length !== x.rank || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
      fail(op, `reps must hold one non-negative integer per axis (${x.rank}), got ${JSON.stringify(reps)}`);
    }
    const shape = x.shape.map((d, i) => d * reps[i]);
    return runOp({
      name: op, inputs: [x], shape, dtype: x.dtype,
      forward: (b, [xi]) => b.tile(xi, reps),
      backward: (dy) => {
        // View dy as [r0, d0, r1, d1, ...] and sum the repeat axes.
        const split = x.shape.flatMap((d, i) => [reps[i], d]);
        const repAxes = x.shape.map((_, i) => 2 * i);
        return [reshape(sum(reshape(dy, split), repAxes), x.shape)];
      },
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
