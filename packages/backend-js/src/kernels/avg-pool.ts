import type { Pool2DInfo, TypedArray } from '@tessera/tensor';
import { clipWindow, type WindowRange } from './pool-window.js';

/**
 * Average pooling over NHWC windows, dividing by the number of unpadded cells of each window
 * (TensorFlow semantics). A window made only of padding gives 0.
 */
export function avgPool(x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = pool;
  const out = new Float32Array(batch * outHeight * outWidth * channels);
  const sum = new Float64Array(channels);
  const rows: WindowRange = { start: 0, end: 0 };
  const cols: WindowRange = { start: 0, end: 0 };
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      clipWindow(oh, pool.strideHeight, pool.padTop, pool.windowHeight, inHeight, rows);
      for (let ow = 0; ow < outWidth; ow++) {
        clipWindow(ow, pool.strideWidth, pool.padLeft, pool.windowWidth, inWidth, cols);
        const count = Math.max(0, rows.end - rows.start) * Math.max(0, cols.end - cols.start);
        if (count === 0) continue;
        sum.fill(0);
        for (let ih = rows.start; ih < rows.end; ih++) {
          for (let iw = cols.start; iw < cols.end; iw++) {
            const s = ((n * inHeight + ih) * inWidth + iw) * channels;
            for (let c = 0; c < channels; c++) sum[c] += x[s + c];
          }
        }
        const o = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) out[o + c] = sum[c] / count;
      }
    }
  }
  return out;
}

/** Gradient of avgPool: each dy is shared equally by the unpadded cells of its window. */
export function avgPoolBackprop(dy: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = pool;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  const rows: WindowRange = { start: 0, end: 0 };
  const cols: WindowRange = { start: 0, end: 0 };
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      clipWindow(oh, pool.strideHeight, pool.padTop, pool.windowHeight, inHeight, rows);
      for (let ow = 0; ow < outWidth; ow++) {
        clipWindow(ow, pool.strideWidth, pool.padLeft, pool.windowWidth, inWidth, cols);
        const count = Math.max(0, rows.end - rows.start) * Math.max(0, cols.end - cols.start);
        if (count === 0) continue;
        const o = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let ih = rows.start; ih < rows.end; ih++) {
          for (let iw = cols.start; iw < cols.end; iw++) {
            const s = ((n * inHeight + ih) * inWidth + iw) * channels;
            for (let c = 0; c < channels; c++) dx[s + c] += dy[o + c] / count;
          }
        }
      }
    }
  }
  return dx;
}
