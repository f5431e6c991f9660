import type { Pool2DInfo, TypedArray } from '@tessera/tensor';
import { forEachPoolWindow } from './pool-window.js';

/**
 * Max pooling over NHWC windows; padded cells are skipped, so they never win (a window made only
 * of padding gives -Infinity). NaN propagates as in Math.max.
 */
export function maxPool(x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, channels, outHeight, outWidth } = pool;
  const out = new Float32Array(batch * outHeight * outWidth * channels).fill(-Infinity);
  forEachPoolWindow(pool, (o, cells, count) => {
    for (let k = 0; k < count; k++) {
      const s = cells[k];
      for (let c = 0; c < channels; c++) {
        const v = x[s + c];
        if (v > out[o + c] || v !== v) out[o + c] = v;
      }
    }
  });
  return out;
}

/**
 * Gradient of maxPool: each dy goes to the first maximum of its window in row-major order (the
 * first NaN when there is one); overlapping windows add up.
 */
export function maxPoolBackprop(dy: TypedArray, x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels } = pool;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  const best = new Float64Array(channels);
  const where = new Int32Array(channels);
  forEachPoolWindow(pool, (o, cells, count) => {
    // The first cell of the window seeds the search; later cells replace it only when strictly
    // greater (or the first NaN), so ties keep the first maximum.
    for (let c = 0; c < channels; c++) {
      best[c] = x[cells[0] + c];
      where[c] = cells[0] + c;
    }
    for (let k = 1; k < count; k++) {
      const s = cells[k];
      for (let c = 0; c < channels; c++) {
        const v = x[s + c];
        if (v > best[c] || (v !== v && best[c] === best[c])) {
          best[c] = v;
          where[c] = s + c;
        }
      }
    }
    for (let c = 0; c < channels; c++) dx[where[c]] += dy[o + c];
  });
  return dx;
}
