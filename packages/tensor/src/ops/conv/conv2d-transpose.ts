import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { conv2dBackpropInput, requireFloat } from './conv2d.js';
import { convInfo, pair, type ConvOptions } from './geometry.js';

function defaultOutputSize(padding: ConvOptions['padding'], inSize: number, k: number, s: number, padSum: number): number {
  if (padding === 'same') return inSize * s;
  return (inSize - 1) * s + k - padSum;
}

/**
 * Transposed convolution (the input-gradient of conv2d), as tf.nn.conv2d_transpose: x is
 * `[N, h, w, in]`, the filter `[kh, kw, out, in]`, the result `outputShape` `[N, H, W, out]`
 * (derived from the padding when omitted: 'same' gives h*stride).
 *
 * ```ts
 * conv2dTranspose(x, w, null, { strides: 2, padding: 'same' }); // upsamples 2x
 * ```
 */
export function conv2dTranspose(xLike: TensorLike, filterLike: TensorLike,
  outputShape: readonly number[] | null = null, options: Omit<ConvOptions, 'dilations'> = {}): Tensor {
  const op = 'conv2dTranspose';
  const cx = toTensor(op, xLike, 'x');
  const cf = toTensor(op, filterLike, 'filter');
  try {
    const x = cx.t, f = cf.t;
    requireFloat(op, x, f);
    if (x.rank !== 4) fail(op, `input must be 4-D NHWC, got ${fmtShape(x.shape)}`);
    if (f.rank !== 4) fail(op, `filter must be 4-D [kh, kw, out, in], got ${fmtShape(f.shape)}`);
    if (f.shape[3] !== x.shape[3]) fail(op, `filter in-channels ${f.shape[3]} != input channels ${x.shape[3]}`);
    let target: number[];
    if (outputShape) {
      target = [...outputShape];
      if (target.length !== 4 || target[0] !== x.shape[0] || target[3] !== f.shape[2]) {
        fail(op, `outputShape ${fmtShape(target)} must be [${x.shape[0]}, H, W, ${f.shape[2]}]`);
      }
    } else {
      const [sH, sW] = pair(op, 'strides', options.strides, 1);
      const p = options.padding ?? 'valid';
      const [padH, padW] = typeof p === 'number' ? [2 * p, 2 * p] : Array.isArray(p) ? [p[0][0] + p[0][1], p[1][0] + p[1][1]] : [0, 0];
      target = [x.shape[0], defaultOutputSize(p, x.shape[1], f.shape[0], sH, padH), defaultOutputSize(p, x.shape[2], f.shape[1], sW, padW), f.shape[2]];
    }
    const info = convInfo(op, target, f.shape, options);
    if (info.outHeight !== x.shape[1] || info.outWidth !== x.shape[2] || info.outChannels !== x.shape[3]) {
      fail(op, `outputShape ${fmtShape(target)} is inconsistent with input ${fmtShape(x.shape)}: a conv2d of it `
        + `gives [${info.batch},${info.outHeight},${info.outWidth},${info.outChannels}]`);
    }
    return conv2dBackpropInput(x, f, info);
  } finally {
    if (cx.owned) cx.t.dispose();
    if (cf.owned) cf.t.dispose();
  }
}
