import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { slice } from './slice.js';

/**
 * Pads with a constant: `paddings[d] = [before, after]` for every axis.
 *
 * ```ts
 * pad(ones([2, 2]), [[1, 1], [0, 2]]).shape; // [4, 4]
 * ```
 */
export function pad(xLike: TensorLike, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  const op = 'pad';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    if (!Array.isArray(paddings) || paddings.length !== x.rank) {
      fail(op, `paddings must have one [before, after] pair per axis (${x.rank}), got ${JSON.stringify(paddings)}`);
    }
    for (const p of paddings) {
      if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
        fail(op, `each padding must be [before, after] with non-negative integers, got ${JSON.stringify(p)}`);
      }
    }
    if (typeof value !== 'number') fail(op, `value must be a number, got ${JSON.stringify(value)}`);
    const shape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
    return runOp({
      name: op, inputs: [x], shape, dtype: x.dtype,
      forward: (b, [xi]) => b.pad(xi, paddings, value),
      backward: (dy) => [slice(dy, paddings.map((p) => p[0]), x.shape)],
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
