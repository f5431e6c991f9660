import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { add, sub } from '../elementwise/add.js';
import { mul } from '../elementwise/mul.js';
import { rsqrt } from '../elementwise/sqrt.js';
import { moments } from '../reduce/variance.js';

export interface LayerNormOptions {
  /** Trailing axes to normalize over; default the last. */
  readonly axes?: number | readonly number[];
  readonly epsilon?: number;
}

/**
 * Normalizes over trailing axes with the biased variance, then scales by gamma and shifts by
 * beta (both shaped like the normalized axes).
 *
 * ```ts
 * layerNorm(x, gamma, beta, { axes: -1, epsilon: 1e-5 });
 * ```
 */
export function layerNorm(xLike: TensorLike, gamma: TensorLike | null, beta: TensorLike | null, options: LayerNormOptions = {}): Tensor {
  const op = 'layerNorm';
  const c = toTensor(op, xLike, 'x');
  const cg = gamma === null ? null : toTensor(op, gamma, 'gamma');
  const cb = beta === null ? null : toTensor(op, beta, 'beta');
  try {
    const x = c.t;
    const axes = normalizeAxes(op, options.axes ?? -1, x.rank);
    if (axes.some((a, i) => a !== x.rank - axes.length + i)) fail(op, `axes ${JSON.stringify(options.axes)} must be the trailing axes of x ${fmtShape(x.shape)}`);
    const normShape = axes.map((a) => x.shape[a]);
    for (const [name, t] of [['gamma', cg?.t], ['beta', cb?.t]] as const) {
      if (t && (t.rank !== normShape.length || t.shape.some((d, i) => d !== normShape[i]))) {
        fail(op, `${name} shape ${fmtShape(t.shape)} must equal the normalized shape ${fmtShape(normShape)}`);
      }
    }
    const epsilon = options.epsilon ?? 1e-5;
    return tidy(() => {
      const { mean, variance } = moments(x, axes, { keepDims: true });
      let y = mul(sub(x, mean), rsqrt(add(variance, epsilon)));
      if (cg) y = mul(y, cg.t);
      if (cb) y = add(y, cb.t);
      return y;
    });
  } finally {
    if (c.owned) c.t.dispose();
    if (cg?.owned) cg.t.dispose();
    if (cb?.owned) cb.t.dispose();
  }
}
