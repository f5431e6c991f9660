import type { Conv2DInfo } from '../../backend/backend.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { convInfo, type ConvOptions } from './geometry.js';

export function requireFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (t.dtype !== 'float32') fail(op, `expects float32 tensors, got ${t.dtype}`);
}

/**
 * 2-D convolution (cross-correlation, as every DL library): NHWC input, HWIO filter
 * `[kh, kw, in, out]`, TensorFlow 'same'/'valid' or explicit padding, strides and dilations.
 *
 * ```ts
 * conv2d(x, w, { strides: 2, padding: 'same' }); // [N, ceil(H/2), ceil(W/2), out]
 * ```
 */
export function conv2d(xLike: TensorLike, filterLike: TensorLike, options: ConvOptions = {}): Tensor {
  const op = 'conv2d';
  const cx = toTensor(op, xLike, 'x');
  const cf = toTensor(op, filterLike, 'filter');
  try {
    requireFloat(op, cx.t, cf.t);
    const info = convInfo(op, cx.t.shape, cf.t.shape, options);
    return conv2dWithInfo(cx.t, cf.t, info);
  } finally {
    if (cx.owned) cx.t.dispose();
    if (cf.owned) cf.t.dispose();
  }
}

export function conv2dWithInfo(x: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'conv2d', inputs: [x, filter],
    shape: [info.batch, info.outHeight, info.outWidth, info.outChannels], dtype: 'float32',
    forward: (b, [xi, fi]) => b.conv2d(xi, fi, info),
    backward: (dy, { inputs: [xs, fs], needs }) => [
      needs[0] ? conv2dBackpropInput(dy, fs, info) : null,
      needs[1] ? conv2dBackpropFilter(xs, dy, info) : null,
    ],
  });
}

/**
 * The gradient of conv2d with respect to its input (the transposed convolution):
 * dy `[N, outH, outW, O]` -> `[N, H, W, C]`. Differentiable itself (conv2dTranspose uses it).
 */
export function conv2dBackpropInput(dy: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'conv2dBackpropInput', inputs: [dy, filter],
    shape: [info.batch, info.inHeight, info.inWidth, info.inChannels], dtype: 'float32',
    forward: (b, [di, fi]) => b.conv2dBackpropInput(di, fi, info),
    backward: (g, { inputs: [ds, fs], needs }) => [
      needs[0] ? conv2dWithInfo(g, fs, info) : null,
      needs[1] ? conv2dBackpropFilter(g, ds, info) : null,
    ],
  });
}

/** The gradient of conv2d with respect to its filter: `[kh, kw, C, O]`. */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo): Tensor {
  return runOp({
    name: 'conv2dBackpropFilter', inputs: [x, dy],
    shape: [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], dtype: 'float32',
    forward: (b, [xi, di]) => b.conv2dBackpropFilter(xi, di, info),
    backward: (g, { inputs: [xs, ds], needs }) => [
      needs[0] ? conv2dBackpropInput(ds, g, info) : null,
      needs[1] ? conv2dWithInfo(xs, g, info) : null,
    ],
  });
}
