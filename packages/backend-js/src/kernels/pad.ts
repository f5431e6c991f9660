import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { sizeOf, stridesOf } from '../shape.js';
import { fillValue } from './fill.js';
import { copyStrided } from './strided-copy.js';

/** Constant padding: the output is filled with `value`, then x is copied into its interior. */
export function pad(
  x: TypedArray, shape: readonly number[], dtype: DType,
  paddings: readonly (readonly [number, number])[], value: number,
): TypedArray {
  const outShape = shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  const out = allocArray(dtype, sizeOf(outShape));
  out.fill(fillValue(value, dtype));
  const outStrides = stridesOf(outShape);
  let offset = 0;
  for (let d = 0; d < shape.length; d++) offset += paddings[d][0] * outStrides[d];
  copyStrided(x, 0, stridesOf(shape), out, offset, outStrides, shape);
  return out;
}
