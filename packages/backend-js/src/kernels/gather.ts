import { allocArray, type DType, type ReduceLayout, type TypedArray } from '@tessera/tensor';

/** x as `[outer, size, inner]`, indices of length m: out[o, j, :] = x[o, indices[j], :]. */
export function gather(x: TypedArray, dtype: DType, indices: TypedArray, m: number, layout: ReduceLayout): TypedArray {
  const { outer, reduce: size, inner } = layout;
  const out = allocArray(dtype, outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * size + indices[j]) * inner;
      const dst = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
    }
  }
  return out;
}
