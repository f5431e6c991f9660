import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { planRows } from './broadcast.js';

/** out = cond ? a : b, all three broadcast to `outShape`; output dtype = dtype of a and b. */
export function where(
  cond: TypedArray, condShape: readonly number[],
  a: TypedArray, aShape: readonly number[],
  b: TypedArray, bShape: readonly number[],
  dtype: DType, outShape: readonly number[], outSize: number,
): TypedArray {
  const out = allocArray(dtype, outSize);
  const { rows, rowLength, offsets: [co, ao, bo], steps: [sc, sa, sb] } = planRows(outShape, [condShape, aShape, bShape]);
  for (let r = 0, o = 0; r < rows; r++) {
    let c = co[r];
    let i = ao[r];
    let j = bo[r];
    for (const end = o + rowLength; o < end; o++, c += sc, i += sa, j += sb) out[o] = cond[c] !== 0 ? a[i] : b[j];
  }
  return out;
}
