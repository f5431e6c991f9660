import type { Conv2DInfo, TypedArray } from '@tessera/tensor';
import { forEachDepthwiseTap } from './depthwise-taps.js';

/**
 * Depthwise convolution, direct loops: out[n, oh, ow, c*M + m] = Σ_{fh,fw} x[n, ih, iw, c] *
 * filter[fh, fw, c, m]. For each output pixel and filter tap, the innermost loop runs over the
 * contiguous channels of x, the filter and the output.
 */
export function depthwiseConv2d(x: TypedArray, filter: TypedArray, conv: Conv2DInfo): Float32Array {
  const { batch, inChannels: channels, outHeight, outWidth, channelMultiplier: mult } = conv;
  const out = new Float32Array(batch * outHeight * outWidth * channels * mult);
  forEachDepthwiseTap(conv, (o, xs, fs) => {
    for (let c = 0; c < channels; c++) {
      const xv = x[xs + c], q = c * mult;
      for (let m = 0; m < mult; m++) out[o + q + m] += xv * filter[fs + q + m];
    }
  });
  return out;
}
