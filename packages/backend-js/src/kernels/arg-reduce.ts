import type { ArgReduceOp, ReduceLayout, TypedArray } from '@tessera/tensor';

/**
 * Index (int32) of the first maximum / minimum of x seen as `[outer, reduce, inner]`, giving
 * `[outer, inner]`. A NaN counts as the extremum (the first NaN wins), as in NumPy and PyTorch.
 * An empty reduction gives index 0.
 */
export function argReduce(op: ArgReduceOp, x: TypedArray, layout: ReduceLayout): Int32Array {
  const { outer, reduce: n, inner } = layout;
  const out = new Int32Array(outer * inner);
  if (n === 0) return out;
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const a = o * inner;
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) best[i] = x[base + i];
    for (let r = 1; r < n; r++) {
      const s = base + r * inner;
      // Strict comparisons keep the first extremum; `v !== v` lets the first NaN take over.
      if (op === 'argmax') {
        for (let i = 0; i < inner; i++) {
          const v = x[s + i];
          if (v > best[i] || (v !== v && best[i] === best[i])) { best[i] = v; out[a + i] = r; }
        }
      } else {
        for (let i = 0; i < inner; i++) {
          const v = x[s + i];
          if (v < best[i] || (v !== v && best[i] === best[i])) { best[i] = v; out[a + i] = r; }
        }
      }
    }
  }
  return out;
}
