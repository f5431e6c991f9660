import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { squeeze } from './reshape.js';
import { slice } from './slice.js';

/**
 * Splits along `axis` into `numOrSizes` equal parts, or parts of the listed sizes.
 *
 * ```ts
 * split(arange(6), 3).map((t) => t.shape); // [[2], [2], [2]]
 * ```
 */
export function split(xLike: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const op = 'split';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    const ax = normalizeAxis(op, axis, x.rank);
    const dim = x.shape[ax];
    let sizes: number[];
    if (typeof numOrSizes === 'number') {
      if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || dim % numOrSizes !== 0) {
        fail(op, `cannot split axis ${ax} of size ${dim} into ${numOrSizes} equal parts`);
      }
      sizes = new Array<number>(numOrSizes).fill(dim / numOrSizes);
    } else {
      sizes = [...numOrSizes];
      if (!sizes.every((s) => Number.isInteger(s) && s >= 0) || sizes.reduce((a, b) => a + b, 0) !== dim) {
        fail(op, `sizes ${JSON.stringify(numOrSizes)} must be non-negative integers summing to ${dim}`);
      }
    }
    let offset = 0;
    return sizes.map((s) => {
      const begin = x.shape.map((_, d) => (d === ax ? offset : 0));
      const size = x.shape.map((d, k) => (k === ax ? s : d));
      offset += s;
      return slice(x, begin, size);
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** Splits along `axis` into its slices, each without that axis. */
export function unstack(xLike: TensorLike, axis = 0): Tensor[] {
  const c = toTensor('unstack', xLike, 'x');
  try {
    const ax = normalizeAxis('unstack', axis, c.t.rank);
    return split(c.t, c.t.shape[ax], ax).map((part) => {
      const out = squeeze(part, ax);
      part.dispose();
      return out;
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
