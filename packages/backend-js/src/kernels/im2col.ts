import type { Conv2DInfo, TypedArray } from '@tessera/tensor';

/**
 * The im2col matrix of an NHWC input has one row per output pixel (n, oh, ow), holding that
 * pixel's receptive field laid out as `[kh, kw, C]` (zeros where it falls in the padding). An
 * HWIO filter is already the matrix `[kh * kw * C, O]`, so `im2col(x) x filter` is the
 * convolution, with the output rows in NHWC order.
 *
 * The matrix is built a chunk of rows at a time to bound memory; `COL_BUDGET` is the default
 * chunk size in elements (16 MiB of float32).
 */
export const COL_BUDGET = 1 << 22;

/** Output rows per im2col chunk of at most `budget` elements (at least one row). */
export function chunkRows(conv: Conv2DInfo, budget: number): number {
  const depth = conv.filterHeight * conv.filterWidth * conv.inChannels;
  return Math.max(1, Math.floor(budget / Math.max(1, depth)));
}

/** A 1x1 filter at stride 1 without padding: the im2col matrix is x itself. */
export function isPointwise(conv: Conv2DInfo): boolean {
  return conv.filterHeight === 1 && conv.filterWidth === 1 && conv.strideHeight === 1 && conv.strideWidth === 1
    && conv.padTop === 0 && conv.padBottom === 0 && conv.padLeft === 0 && conv.padRight === 0;
}

/**
 * Visits the `[C]` blocks of im2col rows [rowStart, rowStart + rowCount) in order, with each
 * block's offset in the chunk and the offset of the input pixel it mirrors (-1 in the padding).
 */
function forEachBlock(conv: Conv2DInfo, rowStart: number, rowCount: number, visit: (block: number, pixel: number) => void): void {
  const { inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = conv;
  let block = 0;
  for (let row = rowStart; row < rowStart + rowCount; row++) {
    const ow = row % outWidth;
    const oh = Math.floor(row / outWidth) % outHeight;
    const n = Math.floor(row / (outWidth * outHeight));
    for (let fh = 0; fh < filterHeight; fh++) {
      const ih = oh * conv.strideHeight - conv.padTop + fh * conv.dilationHeight;
      for (let fw = 0; fw < filterWidth; fw++, block += channels) {
        const iw = ow * conv.strideWidth - conv.padLeft + fw * conv.dilationWidth;
        const inside = ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth;
        visit(block, inside ? ((n * inHeight + ih) * inWidth + iw) * channels : -1);
      }
    }
  }
}

/** Writes im2col rows [rowStart, rowStart + rowCount) into `col`. */
export function im2col(x: TypedArray, conv: Conv2DInfo, rowStart: number, rowCount: number, col: Float32Array): void {
  const channels = conv.inChannels;
  forEachBlock(conv, rowStart, rowCount, (dst, src) => {
    if (src < 0) col.fill(0, dst, dst + channels);
    else for (let c = 0; c < channels; c++) col[dst + c] = x[src + c];
  });
}

/** The adjoint of im2col: adds rows [rowStart, rowStart + rowCount) of `col` back into dx. */
export function col2im(col: Float32Array, conv: Conv2DInfo, rowStart: number, rowCount: number, dx: Float32Array): void {
  const channels = conv.inChannels;
  forEachBlock(conv, rowStart, rowCount, (src, dst) => {
    if (dst >= 0) for (let c = 0; c < channels; c++) dx[dst + c] += col[src + c];
  });
}
