import type { Pool2DInfo, TypedArray } from '@tessera/tensor';
import { clipWindow, type WindowRange } from './pool-window.js';

/**
 * Max pooling over NHWC windows; padded cells are skipped, so they never win (a window made only
 * of padding gives -Infinity). NaN propagates as in Math.max.
 */
export function maxPool(x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = pool;
  const out = new Float32Array(batch * outHeight * outWidth * channels).fill(-Infinity);
  const rows: WindowRange = { start: 0, end: 0 };
  const cols: WindowRange = { start: 0, end: 0 };
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      clipWindow(oh, pool.strideHeight, pool.padTop, pool.windowHeight, inHeight, rows);
      for (let ow = 0; ow < outWidth; ow++) {
        clipWindow(ow, pool.strideWidth, pool.padLeft, pool.windowWidth, inWidth, cols);
        const o = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let ih = rows.start; ih < rows.end; ih++) {
          for (let iw = cols.start; iw < cols.end; iw++) {
            const s = ((n * inHeight + ih) * inWidth + iw) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[s + c];
              if (v > out[o + c] || v !== v) out[o + c] = v;
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Gradient of maxPool: each dy goes to the first maximum of its window in row-major order (the
 * first NaN when there is one); overlapping windows add up.
 */
export function maxPoolBackprop(dy: TypedArray, x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = pool;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  const best = new Float64Array(channels);
  const where = new Int32Array(channels);
  const rows: WindowRange = { start: 0, end: 0 };
  const cols: WindowRange = { start: 0, end: 0 };
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      clipWindow(oh, pool.strideHeight, pool.padTop, pool.windowHeight, inHeight, rows);
      for (let ow = 0; ow < outWidth; ow++) {
        clipWindow(ow, pool.strideWidth, pool.padLeft, pool.windowWidth, inWidth, cols);
        if (rows.start >= rows.end || cols.start >= cols.end) continue;
        // The first cell of the window seeds the search; later cells replace it only when strictly
        // greater (or the first NaN), so ties keep the first maximum.
        const first = ((n * inHeight + rows.start) * inWidth + cols.start) * channels;
        for (let c = 0; c < channels; c++) {
          best[c] = x[first + c];
          where[c] = first + c;
        }
        for (let ih = rows.start; ih < rows.end; ih++) {
          for (let iw = cols.start; iw < cols.end; iw++) {
            const s = ((n * inHeight + ih) * inWidth + iw) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[s + c];
              if (v > best[c] || (v !== v && best[c] === best[c])) {
                best[c] = v;
                where[c] = s + c;
              }
            }
          }
        }
        const o = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) dx[where[c]] += dy[o + c];
      }
    }
  }
  return dx;
}
