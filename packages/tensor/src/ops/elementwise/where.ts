import { toTensor, type TensorLike } from '../../creation.js';
import { upcast } from '../../dtype.js';
import { fail } from '../../errors.js';
import { runOp } from '../../op.js';
import { broadcastShapes, padRank } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { reshape } from '../shape/reshape.js';
import { unbroadcast } from './binary.js';
import { cast } from './cast.js';
import { zerosLike } from '../../creation.js';

/**
 * Picks `a` where `cond` is true and `b` elsewhere, broadcasting all three.
 *
 * ```ts
 * where(greater(x, 0), x, 0); // relu
 * ```
 */
export function where(condLike: TensorLike, aLike: TensorLike, bLike: TensorLike): Tensor {
  const op = 'where';
  const cc = toTensor(op, condLike, 'cond');
  const ca = toTensor(op, aLike, 'a', typeof bLike === 'object' && bLike !== null && 'dtype' in bLike ? (bLike as Tensor).dtype : undefined);
  const cb = toTensor(op, bLike, 'b', ca.t.dtype);
  const temps: Tensor[] = [];
  try {
    if (cc.t.dtype !== 'bool') fail(op, `cond must be a bool tensor, got ${cc.t.dtype} (compare first, e.g. greater(x, 0))`);
    const outShape = broadcastShapes(op, broadcastShapes(op, cc.t.shape, ca.t.shape), cb.t.shape);
    const dt = upcast(ca.t.dtype, cb.t.dtype);
    const prep = (t: Tensor, dtype = dt): Tensor => {
      let r = t;
      if (r.dtype !== dtype) { r = cast(r, dtype); temps.push(r); }
      if (r.rank !== outShape.length) { r = reshape(r, padRank(r.shape, outShape.length)); temps.push(r); }
      return r;
    };
    const cond = prep(cc.t, 'bool');
    const a = prep(ca.t);
    const b = prep(cb.t);
    return runOp({
      name: op, inputs: [cond, a, b], shape: outShape, dtype: dt,
      forward: (backend, [ci, ai, bi]) => backend.where(ci, ai, bi, outShape),
      backward: (dy, { inputs: [c, x, y], needs }) => {
        const zero = zerosLike(dy);
        return [
          null,
          needs[1] ? unbroadcast(where(c, dy, zero), x.shape) : null,
          needs[2] ? unbroadcast(where(c, zero, dy), y.shape) : null,
        ];
      },
    });
  } finally {
    for (const t of temps) t.dispose();
    if (cc.owned) cc.t.dispose();
    if (ca.owned) ca.t.dispose();
    if (cb.owned) cb.t.dispose();
  }
}
