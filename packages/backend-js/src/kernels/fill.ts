import { allocArray, type DType, type TypedArray } from '@tessera/tensor';

/** `value` as stored in an array of `dtype`: bool is `value != 0`, int32 truncates toward zero. */
export function fillValue(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32') return Math.trunc(value) | 0;
  return value;
}

export function fill(size: number, value: number, dtype: DType): TypedArray {
  const out = allocArray(dtype, size);
  out.fill(fillValue(value, dtype));
  return out;
}
