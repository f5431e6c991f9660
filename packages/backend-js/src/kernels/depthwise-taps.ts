import type { Conv2DInfo } from '@tessera/tensor';

/**
 * Visits every (output pixel, filter tap) pair of a depthwise convolution that lands inside the
 * input, with the start offsets of the pixel's output channels (`o`), of the input pixel's
 * channels (`xs`) and of the tap's filter channels (`fs`). The forward pass and both gradients
 * are this walk with a different channel loop.
 */
export function forEachDepthwiseTap(conv: Conv2DInfo, visit: (o: number, xs: number, fs: number) => void): void {
  const { batch, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  const outChannels = inChannels * conv.channelMultiplier;
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
            visit(o, ((n * inHeight + ih) * inWidth + iw) * inChannels, (fh * filterWidth + fw) * outChannels);
          }
        }
      }
    }
  }
}
