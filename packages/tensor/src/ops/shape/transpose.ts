import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { makeView, runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';

/**
 * Permutes axes: output axis i is input axis `perm[i]`; reverses them when `perm` is omitted.
 *
 * ```ts
 * transpose(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function transpose(xLike: TensorLike, perm?: readonly number[] | null): Tensor {
  const c = toTensor('transpose', xLike, 'x');
  try {
    const x = c.t;
    const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
    if (!Array.isArray(p) || p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      fail('transpose', `perm ${JSON.stringify(perm)} is not a permutation of 0..${x.rank - 1}`);
    }
    const inverse = new Array<number>(p.length);
    p.forEach((axis, i) => { inverse[axis] = i; });
    const backward = (dy: Tensor) => [transpose(dy, inverse)];
    if (p.every((v, i) => v === i)) return makeView('transpose', x, x.shape, backward);
    return runOp({
      name: 'transpose', inputs: [x], shape: p.map((a) => x.shape[a]), dtype: x.dtype,
      forward: (b, [xi]) => b.transpose(xi, p), backward,
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
