import type { Conv2DInfo } from '../../backend/backend.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { conv2d, requireFloat } from './conv2d.js';
import { convInfo, type ConvOptions } from './geometry.js';

/**
 * Depthwise convolution: each input channel c has its own `multiplier` filters; output channel
 * `c * multiplier + m`. Filter `[kh, kw, in, multiplier]`.
 *
 * ```ts
 * depthwiseConv2d(x, w, { padding: 'same' }); // [N, H, W, C * multiplier]
 * ```
 */
export function depthwiseConv2d(xLike: TensorLike, filterLike: TensorLike, options: ConvOptions = {}): Tensor {
  const op = 'depthwiseConv2d';
  const cx = toTensor(op, xLike, 'x');
  const cf = toTensor(op, filterLike, 'filter');
  try {
    requireFloat(op, cx.t, cf.t);
    const info = convInfo(op, cx.t.shape, cf.t.shape, options, true);
    return depthwiseWithInfo(cx.t, cf.t, info);
  } finally {
    if (cx.owned) cx.t.dispose();
    if (cf.owned) cf.t.dispose();
  }
}

function depthwiseWithInfo(x: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'depthwiseConv2d', inputs: [x, filter],
    shape: [info.batch, info.outHeight, info.outWidth, info.outChannels], dtype: 'float32',
    forward: (b, [xi, fi]) => b.depthwiseConv2d(xi, fi, info),
    backward: (dy, { inputs: [xs, fs], needs }) => [
      needs[0] ? depthwiseBackpropInput(dy, fs, info) : null,
      needs[1] ? depthwiseBackpropFilter(xs, dy, info) : null,
    ],
  });
}

function depthwiseBackpropInput(dy: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'depthwiseConv2dBackpropInput', inputs: [dy, filter],
    shape: [info.batch, info.inHeight, info.inWidth, info.inChannels], dtype: 'float32',
    forward: (b, [di, fi]) => b.depthwiseConv2dBackpropInput(di, fi, info),
    backward: (g, { inputs: [ds, fs], needs }) => [
      needs[0] ? depthwiseWithInfo(g, fs, info) : null,
      needs[1] ? depthwiseBackpropFilter(g, ds, info) : null,
    ],
  });
}

function depthwiseBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'depthwiseConv2dBackpropFilter', inputs: [x, dy],
    shape: [info.filterHeight, info.filterWidth, info.inChannels, info.channelMultiplier], dtype: 'float32',
    forward: (b, [xi, di]) => b.depthwiseConv2dBackpropFilter(xi, di, info),
    backward: (g, { inputs: [xs, ds], needs }) => [
      needs[0] ? depthwiseBackpropInput(ds, g, info) : null,
      needs[1] ? depthwiseWithInfo(xs, g, info) : null,
    ],
  });
}

/**
 * Depthwise convolution followed by a 1x1 pointwise convolution `[1, 1, in * multiplier, out]`
 * (strides, padding and dilations apply to the depthwise step).
 */
export function separableConv2d(xLike: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike,
  options: ConvOptions = {}): Tensor {
  const op = 'separableConv2d';
  const cp = toTensor(op, pointwiseFilter, 'pointwiseFilter');
  try {
    const p = cp.t;
    if (p.rank !== 4 || p.shape[0] !== 1 || p.shape[1] !== 1) fail(op, `pointwise filter must be [1, 1, in*multiplier, out], got ${fmtShape(p.shape)}`);
    return tidy(() => {
      const d = depthwiseConv2d(xLike, depthwiseFilter, options);
      if (d.shape[3] !== p.shape[2]) {
        fail(op, `pointwise filter in-channels ${p.shape[2]} != depthwise output channels ${d.shape[3]}`);
      }
      return conv2d(d, p, { strides: 1, padding: 'valid' });
    });
  } finally {
    if (cp.owned) cp.t.dispose();
  }
}
