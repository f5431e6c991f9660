import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { sub } from '../elementwise/add.js';
import { cast } from '../elementwise/cast.js';
import { div } from '../elementwise/div.js';
import { square } from '../elementwise/square.js';
import { mean } from './mean.js';
import { reducedShape, type Axis } from './reduce-op.js';
import { reshape } from '../shape/reshape.js';
import { sum } from './sum.js';

export interface VarianceOptions {
  readonly keepDims?: boolean;
  /** Divide by N-1 instead of N (Bessel's correction). Default false (population variance). */
  readonly unbiased?: boolean;
}

/**
 * Variance over `axis` (all axes when null), two-pass for accuracy.
 *
 * ```ts
 * variance(tensor([1, 2, 3, 4])); // 1.25
 * ```
 */
export function variance(xLike: TensorLike, axis: Axis = null, options: VarianceOptions = {}): Tensor {
  return moments(xLike, axis, options).variance;
}

/** Mean and variance over `axis` in one pass over the graph (batch and layer norm use it). */
export function moments(xLike: TensorLike, axis: Axis = null, options: VarianceOptions = {}): { mean: Tensor; variance: Tensor } {
  const op = 'moments';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t.dtype === 'float32' ? c.t : cast(c.t, 'float32');
    const axes = normalizeAxes(op, axis, x.rank);
    const n = axes.reduce((p, a) => p * x.shape[a], 1);
    const divisor = options.unbiased ? n - 1 : n;
    if (divisor <= 0) fail('variance', `needs more than ${options.unbiased ? 1 : 0} element(s) along axis ${JSON.stringify(axis)}, got ${n}`);
    const keep = options.keepDims ?? false;
    return tidy(() => {
      const m = mean(x, axes, true);
      const v = div(sum(square(sub(x, m)), axes, keep), divisor);
      return { mean: keep ? m : reshape(m, reducedShape(x.shape, axes, false)), variance: v };
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
