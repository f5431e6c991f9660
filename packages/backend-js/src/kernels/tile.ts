import { allocArray, type DType, type TypedArray } from '@tessera/tensor';
import { sizeOf } from '../shape.js';
import { planRows } from './broadcast.js';

/**
 * out[i] = x[i mod x.shape] over `x.shape * reps`. Tiling is broadcasting in disguise: x seen
 * as `[1, s0, 1, s1, ...]` broadcast to `[r0, s0, r1, s1, ...]` lists the output in row-major
 * order, so the broadcasting row plan drives a plain copy.
 */
export function tile(x: TypedArray, shape: readonly number[], dtype: DType, reps: readonly number[]): TypedArray {
  const wideShape = shape.flatMap((s, d) => [reps[d], s]);
  const xShape = shape.flatMap((s) => [1, s]);
  const out = allocArray(dtype, sizeOf(wideShape));
  const { rows, rowLength, offsets: [xo], steps: [step] } = planRows(wideShape, [xShape]);
  for (let r = 0, o = 0; r < rows; r++) {
    let i = xo[r];
    for (const end = o + rowLength; o < end; o++, i += step) out[o] = x[i];
  }
  return out;
}
