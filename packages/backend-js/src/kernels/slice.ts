import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { sizeOf, stridesOf } from '../shape.js';
import { copyStrided } from './strided-copy.js';

/** out[i] = x[begin + i * strides] per axis; negative strides walk backwards. */
export function slice(
  x: TypedArray, shape: readonly number[], dtype: DType,
  begin: readonly number[], strides: readonly number[], outShape: readonly number[],
): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const inStrides = stridesOf(shape);
  let offset = 0;
  for (let d = 0; d < shape.length; d++) offset += begin[d] * inStrides[d];
  copyStrided(x, offset, strides.map((s, d) => s * inStrides[d]), out, 0, stridesOf(outShape), outShape);
  return out;
}
