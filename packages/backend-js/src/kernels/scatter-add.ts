import { allocArray, type DType, type TypedArray } from '@tessera/tensor';

/**
 * The adjoint of gather: updates `[outer, m, inner]` are added into a zero `[outer, size, inner]`
 * at out[o, indices[j], :], in increasing j so repeated indices sum in a fixed order.
 * int32 sums wrap like int32 (the Int32Array store).
 */
export function scatterAdd(
  updates: TypedArray, dtype: DType, indices: TypedArray, m: number,
  outer: number, size: number, inner: number,
): TypedArray {
  const out = allocArray(dtype, outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * m + j) * inner;
      const dst = (o * size + indices[j]) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += updates[src + i];
    }
  }
  return out;
}
