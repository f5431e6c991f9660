import type { FusedActivation } from '../../backend/backend.js';
import type { BackwardFn } from '../../autograd/tape.js';
import { ENGINE } from '../../engine.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { customOp, runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { add } from '../elementwise/add.js';
import { sum } from '../reduce/sum.js';
import { activationBackward, applyActivation, checkActivation } from '../activations/fused-activation.js';
import { conv2dBackpropFilter, conv2dBackpropInput, conv2dWithInfo, requireFloat } from './conv2d.js';
import { convInfo, type ConvOptions } from './geometry.js';

export interface FusedConv2DOptions extends ConvOptions {
  readonly bias?: TensorLike | null;
  readonly activation?: FusedActivation;
}

/**
 * `activation(conv2d(x, filter) + bias)` (a conv layer): one kernel where the backend has
 * `fusedConv2d`, conv2d + add + activation otherwise; the gradient is the same.
 */
export function fusedConv2d(xLike: TensorLike, filterLike: TensorLike, options: FusedConv2DOptions = {}): Tensor {
  const op = 'fusedConv2d';
  const cx = toTensor(op, xLike, 'x');
  const cf = toTensor(op, filterLike, 'filter');
  const cb = options.bias === undefined || options.bias === null ? null : toTensor(op, options.bias, 'bias');
  try {
    const x = cx.t, f = cf.t, bias = cb?.t ?? null;
    requireFloat(op, x, f);
    const activation = checkActivation(op, options.activation ?? 'linear');
    const info = convInfo(op, x.shape, f.shape, options);
    if (bias && (bias.rank !== 1 || bias.shape[0] !== info.outChannels || bias.dtype !== 'float32')) {
      fail(op, `bias must be a float32 vector of length ${info.outChannels}, got ${bias.dtype} ${fmtShape(bias.shape)}`);
    }
    const inputs = bias ? [x, f, bias] : [x, f];
    const backward: BackwardFn = (dy, { inputs: saved, output, needs }) => {
      const dz = activationBackward(dy, output, activation);
      return [
        needs[0] ? conv2dBackpropInput(dz, saved[1], info) : null,
        needs[1] ? conv2dBackpropFilter(saved[0], dz, info) : null,
        needs[2] ? sum(dz, [0, 1, 2]) : null,
      ];
    };
    const backend = ENGINE.backend();
    if (backend.fusedConv2d) {
      return runOp({
        name: op, inputs, shape: [info.batch, info.outHeight, info.outWidth, info.outChannels], dtype: 'float32',
        forward: (b, [xi, fi, bi]) => b.fusedConv2d!(xi, fi, info, { bias: bi, activation }),
        backward,
      });
    }
    return customOp(op, inputs, () => {
      const z = conv2dWithInfo(x, f, info);
      return applyActivation(bias ? add(z, bias) : z, activation);
    }, backward);
  } finally {
    if (cx.owned) cx.t.dispose();
    if (cf.owned) cf.t.dispose();
    if (cb?.owned) cb.t.dispose();
  }
}
