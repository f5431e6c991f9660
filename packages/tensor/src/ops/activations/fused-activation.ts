import type { FusedActivation } from '../../backend/backend.js';
import { fail } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { sub } from '../elementwise/add.js';
import { cast } from '../elementwise/cast.js';
import { greater, less, logicalAnd } from '../elementwise/compare.js';
import { mul } from '../elementwise/mul.js';
import { sigmoid } from '../elementwise/sigmoid.js';
import { tanh } from '../elementwise/tanh.js';
import { clip } from '../elementwise/clip.js';
import { relu } from './relu.js';
import { ENGINE } from '../../engine.js';
import { runOp } from '../../op.js';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh'];

export function checkActivation(op: string, activation: unknown): FusedActivation {
  if (!FUSED_ACTIVATIONS.includes(activation as FusedActivation)) {
    fail(op, `activation ${JSON.stringify(activation)} is not one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
  return activation as FusedActivation;
}

/** The reference decomposition of a fused kernel's activation. */
export function applyActivation(x: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case 'linear': return x;
    case 'relu': return relu(x);
    case 'relu6': return clip(x, 0, 6);
    case 'sigmoid': return sigmoid(x);
    case 'tanh': return tanh(x);
  }
}

/**
 * dL/d(pre-activation) from dL/dy and the activation's output y (all five need only y): one
 * kernel where the backend has `activationGrad`, otherwise the composition below (what the
 * kernel must match bit for bit). Used inside backward passes only (first order).
 */
export function activationBackward(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  if (activation === 'linear') return dy;
  const backend = ENGINE.backend();
  if (backend.activationGrad && dy.dtype === 'float32' && y.dtype === 'float32' && sameShape(dy.shape, y.shape)) {
    return runOp({
      name: 'activationGrad', inputs: [dy, y], shape: dy.shape, dtype: 'float32',
      forward: (b, [d, yi]) => b.activationGrad!(d, yi, activation),
    });
  }
  return activationBackwardReference(dy, y, activation);
}

/** The reference decomposition of `activationGrad`. */
export function activationBackwardReference(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case 'linear': return dy;
    case 'relu': return mul(dy, cast(greater(y, 0), 'float32'));
    case 'relu6': return mul(dy, cast(logicalAnd(greater(y, 0), less(y, 6)), 'float32'));
    case 'sigmoid': return mul(dy, mul(y, sub(1, y)));
    case 'tanh': return mul(dy, sub(1, mul(y, y)));
  }
}
