import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { assertShape, padRank, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { clone } from '../elementwise/cast.js';
import { reshape } from './reshape.js';
import { tile } from './tile.js';

/**
 * Repeats size-1 (and missing leading) axes so that x takes `shape` (NumPy broadcasting).
 *
 * ```ts
 * broadcastTo(tensor([1, 2, 3]), [2, 3]); // [[1,2,3],[1,2,3]]
 * ```
 */
export function broadcastTo(xLike: TensorLike, shape: readonly number[]): Tensor {
  const op = 'broadcastTo';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    const target = assertShape(op, shape);
    if (x.rank > target.length) fail(op, `cannot broadcast ${fmtShape(x.shape)} to the lower-rank shape ${fmtShape(target)}`);
    const padded = padRank(x.shape, target.length);
    padded.forEach((d, i) => {
      if (d !== 1 && d !== target[i]) fail(op, `cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(target)} (axis ${i}: ${d} vs ${target[i]})`);
    });
    if (shapesEqual(x.shape, target)) return clone(x);
    const view = x.rank === target.length ? x : reshape(x, padded);
    try {
      return tile(view, padded.map((d, i) => (d === 1 ? target[i] : 1)));
    } finally {
      if (view !== x) view.dispose();
    }
  } finally {
    if (c.owned) c.t.dispose();
  }
}
