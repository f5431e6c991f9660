import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { makeView } from '../../op.js';
import { inferReshape, normalizeAxes, normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';

/**
 * The same values under a new shape (one entry may be -1). No data moves: the result shares x's
 * buffer.
 *
 * ```ts
 * reshape(arange(6), [2, -1]); // [[0,1,2],[3,4,5]]
 * ```
 */
export function reshape(xLike: TensorLike, shape: readonly number[]): Tensor {
  const c = toTensor('reshape', xLike, 'x');
  try {
    if (!Array.isArray(shape)) fail('reshape', `shape must be an array, got ${JSON.stringify(shape)}`);
    const newShape = inferReshape('reshape', c.t.shape, shape);
    return makeView('reshape', c.t, newShape, (dy, { inputs: [xi] }) => [reshape(dy, xi.shape)]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/**
 * Removes size-1 axes: all of them, or the listed ones (which must have size 1).
 *
 * ```ts
 * squeeze(zeros([2, 1, 3, 1])).shape; // [2, 3]
 * ```
 */
export function squeeze(xLike: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const c = toTensor('squeeze', xLike, 'x');
  try {
    const x = c.t;
    const axes = axis === null || axis === undefined ? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)
      : normalizeAxes('squeeze', axis, x.rank);
    for (const a of axes) {
      if (x.shape[a] !== 1) fail('squeeze', `cannot squeeze axis ${a} of size ${x.shape[a]} (shape ${fmtShape(x.shape)})`);
    }
    return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/**
 * Inserts a size-1 axis at `axis` (-1 appends one).
 *
 * ```ts
 * expandDims(zeros([2, 3]), 1).shape; // [2, 1, 3]
 * ```
 */
export function expandDims(xLike: TensorLike, axis = 0): Tensor {
  const c = toTensor('expandDims', xLike, 'x');
  try {
    const a = normalizeAxis('expandDims', axis, c.t.rank, true);
    const shape = [...c.t.shape];
    shape.splice(a, 0, 1);
    return reshape(c.t, shape);
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** Collapses all axes after the first: `[N, ...] -> [N, prod(...)]`. */
export function flatten(xLike: TensorLike): Tensor {
  const c = toTensor('flatten', xLike, 'x');
  try {
    if (c.t.rank === 0) fail('flatten', 'needs at least one axis, got a scalar');
    return reshape(c.t, [c.t.shape[0], c.t.size / Math.max(c.t.shape[0], 1) || 0]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}
