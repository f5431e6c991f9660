import { ENGINE } from '../../engine.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { customOp, runOp } from '../../op.js';
import { normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import type { BackwardFn } from '../../autograd/tape.js';
import { sub } from '../elementwise/add.js';
import { cast } from '../elementwise/cast.js';
import { div } from '../elementwise/div.js';
import { exp } from '../elementwise/exp.js';
import { log } from '../elementwise/log.js';
import { mul } from '../elementwise/mul.js';
import { max } from '../reduce/max.js';
import { sum } from '../reduce/sum.js';

function prepare(op: string, xLike: TensorLike, axis: number): { x: Tensor; ax: number; release: () => void } {
  const c = toTensor(op, xLike, 'logits');
  if (c.t.rank === 0) { if (c.owned) c.t.dispose(); fail(op, 'needs at least one axis, got a scalar'); }
  const x = c.t.dtype === 'float32' ? c.t : cast(c.t, 'float32');
  const ax = normalizeAxis(op, axis, x.rank);
  return { x, ax, release: () => { if (x !== c.t) x.dispose(); if (c.owned) c.t.dispose(); } };
}

/**
 * exp(x) / sum(exp(x)) along `axis` (last by default), shifted by the max so logits of +-1000
 * work. Uses the backend's fused kernel for the last axis when it has one.
 *
 * ```ts
 * softmax(tensor([[1, 2, 3]])); // [[0.090, 0.245, 0.665]]
 * ```
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  const { x, ax, release } = prepare('softmax', logits, axis);
  try {
    const backward: BackwardFn = (dy, { output: y }) => [mul(y, sub(dy, sum(mul(dy, y), ax, true)))];
    const backend = ENGINE.backend();
    const n = x.shape[ax];
    if (backend.softmax && ax === x.rank - 1) {
      return runOp({ name: 'softmax', inputs: [x], shape: x.shape, dtype: 'float32',
        forward: (b, [xi]) => b.softmax!(xi, x.size / Math.max(n, 1), n), backward });
    }
    return customOp('softmax', [x], () => {
      const e = exp(sub(x, max(x, ax, true)));
      return div(e, sum(e, ax, true));
    }, backward);
  } finally {
    release();
  }
}

/** log(softmax(x)) along `axis`, computed as x - max - log(sum(exp(x - max))). */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const { x, ax, release } = prepare('logSoftmax', logits, axis);
  try {
    const backward: BackwardFn = (dy, { output: y }) => [sub(dy, mul(exp(y), sum(dy, ax, true)))];
    const backend = ENGINE.backend();
    const n = x.shape[ax];
    if (backend.logSoftmax && ax === x.rank - 1) {
      return runOp({ name: 'logSoftmax', inputs: [x], shape: x.shape, dtype: 'float32',
        forward: (b, [xi]) => b.logSoftmax!(xi, x.size / Math.max(n, 1), n), backward });
    }
    return customOp('logSoftmax', [x], () => {
      const shifted = sub(x, max(x, ax, true));
      return sub(shifted, log(sum(exp(shifted), ax, true)));
    }, backward);
  } finally {
    release();
  }
}
