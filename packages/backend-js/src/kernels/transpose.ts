import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { sizeOf, stridesOf } from '../shape.js';
import { copyStrided } from './strided-copy.js';

/** out.shape[d] = x.shape[perm[d]]: the output is written in order, reading x with permuted strides. */
export function transpose(x: TypedArray, shape: readonly number[], dtype: DType, perm: readonly number[]): TypedArray {
  const outShape = perm.map((p) => shape[p]);
  const out = allocArray(dtype, sizeOf(outShape));
  const inStrides = stridesOf(shape);
  copyStrided(x, 0, perm.map((p) => inStrides[p]), out, 0, stridesOf(outShape), outShape);
  return out;
}
