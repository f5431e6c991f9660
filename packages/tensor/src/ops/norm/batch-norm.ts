import type { BackwardFn } from '../../autograd/tape.js';
import { ENGINE } from '../../engine.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { customOp, runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { add, sub } from '../elementwise/add.js';
import { mul } from '../elementwise/mul.js';
import { rsqrt } from '../elementwise/sqrt.js';
import { sum } from '../reduce/sum.js';
import { reshape } from '../shape/reshape.js';

export interface BatchNormOptions {
  readonly offset?: TensorLike | null;
  readonly scale?: TensorLike | null;
  /** Keras' default is 1e-3, PyTorch's 1e-5. */
  readonly epsilon?: number;
}

/**
 * `(x - mean) / sqrt(variance + epsilon) * scale + offset`, with per-channel vectors over the
 * last axis of x. Training mode passes the batch moments (e.g. from `moments(x, [0, 1, 2])`) so
 * that gradients flow through them; inference passes the running statistics.
 *
 * ```ts
 * const { mean, variance } = moments(x, [0, 1, 2]);
 * batchNorm(x, mean, variance, { scale: gamma, offset: beta, epsilon: 1e-3 });
 * ```
 */
export function batchNorm(xLike: TensorLike, meanLike: TensorLike, varianceLike: TensorLike, options: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  const epsilon = options.epsilon ?? 1e-3;
  if (typeof epsilon !== 'number' || !(epsilon >= 0)) fail(op, `epsilon must be a non-negative number, got ${epsilon}`);
  const parts = [
    toTensor(op, xLike, 'x'), toTensor(op, meanLike, 'mean'), toTensor(op, varianceLike, 'variance'),
    options.scale === undefined || options.scale === null ? null : toTensor(op, options.scale, 'scale'),
    options.offset === undefined || options.offset === null ? null : toTensor(op, options.offset, 'offset'),
  ];
  try {
    const [x, m, v, s, o] = parts.map((p) => p?.t ?? null) as [Tensor, Tensor, Tensor, Tensor | null, Tensor | null];
    if (x.rank < 1) fail(op, 'x must have a channel axis');
    const channels = x.shape[x.rank - 1];
    for (const [name, t] of [['mean', m], ['variance', v], ['scale', s], ['offset', o]] as const) {
      if (t && (t.size !== channels || t.rank > 1 && t.shape.slice(0, -1).some((d) => d !== 1))) {
        fail(op, `${name} must have ${channels} values (one per channel of x ${fmtShape(x.shape)}), got ${fmtShape(t.shape)}`);
      }
      if (t && t.dtype !== 'float32') fail(op, `${name} must be float32, got ${t.dtype}`);
    }
    const vec = (t: Tensor) => (t.rank === 1 ? t : reshape(t, [channels]));
    const inputs = [x, vec(m), vec(v), ...(s ? [vec(s)] : []), ...(o ? [vec(o)] : [])];
    const sIndex = s ? 3 : -1, oIndex = o ? (s ? 4 : 3) : -1;
    const backward: BackwardFn = (dy, { inputs: saved, needs }) => {
      const [xs, ms, vs] = saved;
      const scale = sIndex > 0 ? saved[sIndex] : null;
      const axes = xs.shape.slice(0, -1).map((_, i) => i);
      const r = rsqrt(add(vs, epsilon));
      const centered = sub(xs, ms);
      const dyScaled = scale ? mul(dy, scale) : dy;
      const grads: (Tensor | null)[] = [
        needs[0] ? mul(dyScaled, r) : null,
        needs[1] ? mul(sum(dyScaled, axes), mul(r, -1)) : null,
        // d/dv (v + eps)^(-1/2) = -1/2 r^3
        needs[2] ? mul(sum(mul(dyScaled, centered), axes), mul(mul(r, mul(r, r)), -0.5)) : null,
      ];
      if (sIndex > 0) grads.push(needs[sIndex] ? sum(mul(dy, mul(centered, r)), axes) : null);
      if (oIndex > 0) grads.push(needs[oIndex] ? sum(dy, axes) : null);
      return grads;
    };
    const backend = ENGINE.backend();
    try {
      if (backend.batchNorm) {
        return runOp({
          name: op, inputs, shape: x.shape, dtype: 'float32',
          forward: (b, infos) => b.batchNorm!(infos[0], infos[1], infos[2],
            sIndex > 0 ? infos[sIndex] : null, oIndex > 0 ? infos[oIndex] : null, epsilon),
          backward,
        });
      }
      return customOp(op, inputs, () => {
        let y = mul(sub(inputs[0], inputs[1]), rsqrt(add(inputs[2], epsilon)));
        if (sIndex > 0) y = mul(y, inputs[sIndex]);
        if (oIndex > 0) y = add(y, inputs[oIndex]);
        return y;
      }, backward);
    } finally {
      for (const t of inputs) if (!parts.some((p) => p?.t === t)) t.dispose();
    }
  } finally {
    for (const p of parts) if (p?.owned) p.t.dispose();
  }
}
