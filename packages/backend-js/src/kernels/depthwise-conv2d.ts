import type { Conv2DInfo, TypedArray } from '@tessera/tensor';

/**
 * Depthwise convolution, direct loops: out[n, oh, ow, c*M + m] = Σ_{fh,fw} x[n, ih, iw, c] *
 * filter[fh, fw, c, m]. For each output pixel and filter tap, the innermost loop runs over the
 * contiguous channels of x, the filter and the output.
 */
export function depthwiseConv2d(x: TypedArray, filter: TypedArray, conv: Conv2DInfo): Float32Array {
  const { batch, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  const mult = conv.channelMultiplier;
  const outChannels = channels * mult;
  const out = new Float32Array(batch * outHeight * outWidth * outChannels);
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
            if (mult === 1) {
              for (let c = 0; c < channels; c++) out[o + c] += x[xs + c] * filter[fs + c];
            } else {
              for (let c = 0; c < channels; c++) {
                const xv = x[xs + c];
                const q = c * mult;
                for (let m = 0; m < mult; m++) out[o + q + m] += xv * filter[fs + q + m];
              }
            }
          }
        }
      }
    }
  }
  return out;
}
