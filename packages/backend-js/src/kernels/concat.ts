import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { sizeOf } from '../shape.js';

/**
 * Joins inputs along `axis`. Each input is seen as `[outer, rowLength_k]` with
 * rowLength_k = shape_k[axis] * (product of the later axes); output row o is the inputs' rows o
 * laid side by side.
 */
export function concat(
  xs: readonly { readonly values: TypedArray; readonly shape: readonly number[] }[],
  axis: number, dtype: DType, outShape: readonly number[],
): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const outRow = outShape[axis] * inner;
  let column = 0;
  for (const { values, shape } of xs) {
    const row = shape[axis] * inner;
    for (let o = 0; o < outer; o++) {
      const src = o * row;
      const dst = o * outRow + column;
      for (let j = 0; j < row; j++) out[dst + j] = values[src + j];
    }
    column += row;
  }
  return out;
}
