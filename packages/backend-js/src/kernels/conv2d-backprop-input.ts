import type { Conv2DInfo, TypedArray } from '@tessera/tensor';
import { gemm } from './gemm.js';
import { chunkRows, col2im, COL_BUDGET, isPointwise } from './im2col.js';

/**
 * Gradient of conv2d with respect to x: the im2col-matrix gradient `dy x filter^T`
 * (`[rows, O] x [O, kh * kw * C]`), scattered back onto the input pixels by col2im.
 */
export function conv2dBackpropInput(dy: TypedArray, filter: TypedArray, conv: Conv2DInfo, colBudget = COL_BUDGET): Float32Array {
  const rows = conv.batch * conv.outHeight * conv.outWidth;
  const depth = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const outChannels = conv.outChannels;
  const dx = new Float32Array(conv.batch * conv.inHeight * conv.inWidth * conv.inChannels);
  if (isPointwise(conv)) {
    gemm(rows, depth, outChannels, dy, 0, false, filter, 0, true, dx, 0, false);
    return dx;
  }
  const chunk = Math.min(chunkRows(conv, colBudget), rows);
  const col = new Float32Array(chunk * depth);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const count = Math.min(chunk, rows - r0);
    gemm(count, depth, outChannels, dy, r0 * outChannels, false, filter, 0, true, col, 0, false);
    col2im(col, conv, r0, count, dx);
  }
  return dx;
}
