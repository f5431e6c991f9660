import type { Conv2DInfo, TypedArray } from '@tessera/tensor';
import { gemm } from './gemm.js';
import { chunkRows, COL_BUDGET, im2col, isPointwise } from './im2col.js';

/**
 * Gradient of conv2d with respect to the filter: `im2col(x)^T x dy`
 * (`[kh * kw * C, rows] x [rows, O]`), accumulated over chunks of rows into the HWIO filter.
 */
export function conv2dBackpropFilter(x: TypedArray, dy: TypedArray, conv: Conv2DInfo, colBudget = COL_BUDGET): Float32Array {
  const rows = conv.batch * conv.outHeight * conv.outWidth;
  const depth = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const outChannels = conv.outChannels;
  const dw = new Float32Array(depth * outChannels);
  if (isPointwise(conv)) {
    gemm(depth, outChannels, rows, x, 0, true, dy, 0, false, dw, 0, false);
    return dw;
  }
  const chunk = Math.min(chunkRows(conv, colBudget), rows);
  const col = new Float32Array(chunk * depth);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const count = Math.min(chunk, rows - r0);
    im2col(x, conv, r0, count, col);
    gemm(depth, outChannels, count, col, 0, true, dy, r0 * outChannels, false, dw, 0, r0 > 0);
  }
  return dw;
}
