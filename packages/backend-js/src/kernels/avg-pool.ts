import type { Pool2DInfo, TypedArray } from '@tessera/tensor';
import { forEachPoolWindow } from './pool-window.js';

/**
 * Average pooling over NHWC windows, dividing by the number of unpadded cells of each window
 * (TensorFlow semantics). A window made only of padding gives 0.
 */
export function avgPool(x: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, channels, outHeight, outWidth } = pool;
  const out = new Float32Array(batch * outHeight * outWidth * channels);
  const sum = new Float64Array(channels);
  forEachPoolWindow(pool, (o, cells, count) => {
    sum.fill(0);
    for (let k = 0; k < count; k++) {
      const s = cells[k];
      for (let c = 0; c < channels; c++) sum[c] += x[s + c];
    }
    for (let c = 0; c < channels; c++) out[o + c] = sum[c] / count;
  });
  return out;
}

/** Gradient of avgPool: each dy is shared equally by the unpadded cells of its window. */
export function avgPoolBackprop(dy: TypedArray, pool: Pool2DInfo): Float32Array {
  const { batch, inHeight, inWidth, channels } = pool;
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  forEachPoolWindow(pool, (o, cells, count) => {
    for (let k = 0; k < count; k++) {
      const s = cells[k];
      for (let c = 0; c < channels; c++) dx[s + c] += dy[o + c] / count;
    }
  });
  return dx;
}
