import { toTensor, type TensorLike } from '../../creation.js';
import { isDType, type DType } from '../../dtype.js';
import { fail } from '../../errors.js';
import { makeView, runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';

/**
 * Converts to another dtype: float -> int truncates toward zero, anything -> bool is `!= 0`;
 * to the same dtype it returns a view of x's buffer.
 * Only float -> float carries a gradient (integer results are not differentiable).
 *
 * ```ts
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 * ```
 */
export function cast(xLike: TensorLike, dtype: DType): Tensor {
  if (!isDType(dtype)) fail('cast', `unknown dtype ${JSON.stringify(dtype)} (use float32, int32 or bool)`);
  const c = toTensor('cast', xLike, 'x');
  try {
    const x = c.t;
    const differentiable = x.dtype === 'float32' && dtype === 'float32';
    // Tensors are immutable, so a cast to the dtype they have shares their buffer (no kernel).
    if (x.dtype === dtype) return makeView('cast', x, x.shape, differentiable ? (dy) => [dy] : undefined);
    return runOp({
      name: 'cast', inputs: [x], shape: x.shape, dtype,
      forward: (b, [xi]) => b.cast(xi, dtype),
      backward: differentiable ? (dy) => [dy] : undefined,
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** A copy of x that shares no buffer with it. */
export function clone(x: TensorLike): Tensor {
  const c = toTensor('clone', x, 'x');
  try {
    return runOp({
      name: 'clone', inputs: [c.t], shape: c.t.shape, dtype: c.t.dtype,
      forward: (b, [xi]) => b.cast(xi, xi.dtype),
      backward: (dy) => [dy],
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
