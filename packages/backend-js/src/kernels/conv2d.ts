import type { Conv2DInfo, TypedArray } from '@tessera/tensor';
import { gemm } from './gemm.js';
import { chunkRows, COL_BUDGET, im2col, isPointwise } from './im2col.js';

/**
 * NHWC x HWIO convolution as im2col + GEMM: each chunk of output pixels gets its im2col rows,
 * multiplied by the filter seen as `[kh * kw * C, O]` straight into the NHWC output.
 */
export function conv2d(x: TypedArray, filter: TypedArray, conv: Conv2DInfo, colBudget = COL_BUDGET): Float32Array {
  const rows = conv.batch * conv.outHeight * conv.outWidth;
  const depth = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const outChannels = conv.outChannels;
  const out = new Float32Array(rows * outChannels);
  if (isPointwise(conv)) {
    gemm(rows, outChannels, depth, x, 0, false, filter, 0, false, out, 0, false);
    return out;
  }
  const chunk = Math.min(chunkRows(conv, colBudget), rows);
  const col = new Float32Array(chunk * depth);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const count = Math.min(chunk, rows - r0);
    im2col(x, conv, r0, count, col);
    gemm(count, outChannels, depth, col, 0, false, filter, 0, false, out, r0 * outChannels, false);
  }
  return out;
}
