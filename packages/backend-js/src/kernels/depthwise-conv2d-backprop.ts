import type { Conv2DInfo, TypedArray } from '@tessera/tensor';
import { forEachDepthwiseTap } from './depthwise-taps.js';

/**
 * Gradients of depthwiseConv2d, by the forward walk with the roles swapped: every (output pixel,
 * filter tap) pair that touched x[n, ih, iw, c] passes dy back to it (input gradient) or
 * multiplies it into the filter gradient.
 */
export function depthwiseConv2dBackpropInput(dy: TypedArray, filter: TypedArray, conv: Conv2DInfo): Float32Array {
  const { batch, inHeight, inWidth, inChannels: channels, channelMultiplier: mult } = conv;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  forEachDepthwiseTap(conv, (o, xs, fs) => {
    for (let c = 0; c < channels; c++) {
      const q = c * mult;
      let sum = 0;
      for (let m = 0; m < mult; m++) sum += dy[o + q + m] * filter[fs + q + m];
      dx[xs + c] += sum;
    }
  });
  return dx;
}

export function depthwiseConv2dBackpropFilter(x: TypedArray, dy: TypedArray, conv: Conv2DInfo): Float32Array {
  const { inChannels: channels, filterHeight, filterWidth, channelMultiplier: mult } = conv;
  // A filter gradient sums over every output pixel of the batch: accumulate in float64.
  const dw = new Float64Array(filterHeight * filterWidth * channels * mult);
  forEachDepthwiseTap(conv, (o, xs, fs) => {
    for (let c = 0; c < channels; c++) {
      const xv = x[xs + c], q = c * mult;
      for (let m = 0; m < mult; m++) dw[fs + q + m] += xv * dy[o + q + m];
    }
  });
  return Float32Array.from(dw);
}
