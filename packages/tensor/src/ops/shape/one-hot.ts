import { arange, toTensor, type TensorLike } from '../../creation.js';
import type { DType } from '../../dtype.js';
import { fail } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { cast } from '../elementwise/cast.js';
import { equal } from '../elementwise/compare.js';
import { where } from '../elementwise/where.js';
import { expandDims } from './reshape.js';

export interface OneHotOptions {
  readonly onValue?: number;
  readonly offValue?: number;
  /** Default float32 (what losses and metrics consume). */
  readonly dtype?: DType;
}

/**
 * One-hot encodes int32 indices along a new last axis of length `depth`; out-of-range indices
 * give an all-off row (as tf.one_hot).
 *
 * ```ts
 * oneHot(tensor([0, 2], [2], 'int32'), 3); // [[1,0,0],[0,0,1]]
 * ```
 */
export function oneHot(indicesLike: TensorLike, depth: number, options: OneHotOptions = {}): Tensor {
  const op = 'oneHot';
  if (!Number.isInteger(depth) || depth < 1) fail(op, `depth must be a positive integer, got ${depth}`);
  const c = toTensor(op, indicesLike, 'indices', 'int32');
  try {
    if (c.t.dtype !== 'int32') fail(op, `indices must be int32, got ${c.t.dtype}`);
    const dtype = options.dtype ?? 'float32';
    return tidy(() => {
      const hit = equal(expandDims(c.t, -1), arange(0, depth, 1, 'int32'));
      // The default 1/0 encoding is the comparison itself, cast (one pass instead of a select).
      if ((options.onValue ?? 1) === 1 && (options.offValue ?? 0) === 0) return cast(hit, dtype);
      const on = toTensor(op, options.onValue ?? 1, 'onValue', dtype).t;
      const off = toTensor(op, options.offValue ?? 0, 'offValue', dtype).t;
      return where(hit, on, off);
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
