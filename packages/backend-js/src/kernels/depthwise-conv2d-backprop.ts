import type { Conv2DInfo, TypedArray } from '@tessera/tensor';

/**
 * Gradients of depthwiseConv2d, by the forward loops run backwards: every (output pixel,
 * filter tap) pair that touched x[n, ih, iw, c] passes dy back to it (input gradient) or
 * multiplies it into the filter gradient.
 */
export function depthwiseConv2dBackpropInput(dy: TypedArray, filter: TypedArray, conv: Conv2DInfo): Float32Array {
  const { batch, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  const mult = conv.channelMultiplier;
  const outChannels = channels * mult;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const o = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * conv.strideHeight - conv.padTop + fh * conv.dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * conv.strideWidth - conv.padLeft + fw * conv.dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const xs = ((n * inHeight + ih) * inWidth + iw) * channels;
            const fs = (fh * filterWidth + fw) * outChannels;
            for (let c = 0; c < channels; c++) {
              const q = c * mult;
              let sum = 0;
              for (let m = 0; m < mult; m++) sum += dy[o + q + m] * filter[fs + q + m];
              dx[xs + c] += sum;
            }
          }
        }
      }
    }
  }
  return dx;
}

export function depthwiseConv2dBackpropFilter(x: TypedArray, dy: TypedArray, conv: Conv2DInfo): Float32Array {
  const { batch, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  const mult = conv.channelMultiplier;
  const outChannels = channels * mult;
  // A filter gradient sums over every output pixel of the batch: accumulate in float64.
  const dw = new Float64Array(filterHeight * filterWidth * outChannels);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const o = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * conv.strideHeight - conv.padTop + fh * conv.dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * conv.strideWidth - conv.padLeft + fw * conv.dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const xs = ((n * inHeight + ih) * inWidth + iw) * channels;
            const fs = (fh * filterWidth + fw) * outChannels;
            for (let c = 0; c < channels; c++) {
              const xv = x[xs + c];
              const q = c * mult;
              for (let m = 0; m < mult; m++) dw[fs + q + m] += xv * dy[o + q + m];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(dw);
}
