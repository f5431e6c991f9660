import type { Pool2DInfo } from '@tessera/tensor';

/**
 * Visits every pooling window that covers at least one input cell, with the offset of its output
 * pixel's channels (`o`) and the channel offsets of its in-bounds input cells in row-major order
 * (`cells[0..count)`). Padding cells are never listed, which is TensorFlow's semantics for both
 * max (padding never wins) and average (divide by the unpadded count) pooling.
 */
export function forEachPoolWindow(pool: Pool2DInfo, visit: (o: number, cells: Int32Array, count: number) => void): void {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = pool;
  const cells = new Int32Array(pool.windowHeight * pool.windowWidth);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * pool.strideHeight - pool.padTop;
      const h0 = Math.max(top, 0), h1 = Math.min(top + pool.windowHeight, inHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * pool.strideWidth - pool.padLeft;
        const w0 = Math.max(left, 0), w1 = Math.min(left + pool.windowWidth, inWidth);
        let count = 0;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) cells[count++] = ((n * inHeight + ih) * inWidth + iw) * channels;
        }
        if (count > 0) visit(((n * outHeight + oh) * outWidth + ow) * channels, cells, count);
      }
    }
  }
}
