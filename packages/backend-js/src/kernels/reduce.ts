import type { DType, ReduceLayout, ReduceOp, TypedArray } from '@tessera/tensor';

/**
 * sum / prod / max / min of x seen as `[outer, reduce, inner]`, giving `[outer, inner]` in the
 * input dtype (float32 or int32).
 *
 * Float sums and products accumulate in float64 and are rounded to float32 once. int32 sums and
 * products wrap like int32. max/min propagate NaN as Math.max does. An empty reduction gives
 * the identity: 0, 1, -Infinity / +Infinity (int32: -2^31 / 2^31 - 1).
 */
export function reduce(op: ReduceOp, x: TypedArray, dtype: DType, layout: ReduceLayout): TypedArray {
  const { outer, reduce: n, inner } = layout;
  const isInt = dtype === 'int32';
  const acc = new Float64Array(outer * inner).fill(identity(op, isInt));
  // Reducing the last axis walks each line with a scalar; otherwise whole rows of `inner`
  // contiguous values are combined at once, which keeps the reads sequential.
  if (inner === 1) reduceLines(op, isInt, x, acc, outer, n);
  else reduceRows(op, isInt, x, acc, outer, n, inner);
  return isInt ? Int32Array.from(acc) : Float32Array.from(acc);
}

function identity(op: ReduceOp, isInt: boolean): number {
  switch (op) {
    case 'sum': return 0;
    case 'prod': return 1;
    case 'max': return isInt ? -2147483648 : -Infinity;
    case 'min': return isInt ? 2147483647 : Infinity;
  }
}

function reduceLines(op: ReduceOp, isInt: boolean, x: TypedArray, acc: Float64Array, outer: number, n: number): void {
  for (let o = 0; o < outer; o++) {
    let v = acc[o];
    const start = o * n;
    const end = start + n;
    switch (op) {
      case 'sum':
        if (isInt) for (let k = start; k < end; k++) v = (v + x[k]) | 0;
        else for (let k = start; k < end; k++) v += x[k];
        break;
      case 'prod':
        if (isInt) for (let k = start; k < end; k++) v = Math.imul(v, x[k]);
        else for (let k = start; k < end; k++) v *= x[k];
        break;
      case 'max': for (let k = start; k < end; k++) v = Math.max(v, x[k]); break;
      case 'min': for (let k = start; k < end; k++) v = Math.min(v, x[k]); break;
    }
    acc[o] = v;
  }
}

function reduceRows(op: ReduceOp, isInt: boolean, x: TypedArray, acc: Float64Array, outer: number, n: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    const a = o * inner;
    for (let r = 0; r < n; r++) {
      const s = (o * n + r) * inner;
      switch (op) {
        case 'sum':
          if (isInt) for (let i = 0; i < inner; i++) acc[a + i] = (acc[a + i] + x[s + i]) | 0;
          else for (let i = 0; i < inner; i++) acc[a + i] += x[s + i];
          break;
        case 'prod':
          if (isInt) for (let i = 0; i < inner; i++) acc[a + i] = Math.imul(acc[a + i], x[s + i]);
          else for (let i = 0; i < inner; i++) acc[a + i] *= x[s + i];
          break;
        case 'max': for (let i = 0; i < inner; i++) acc[a + i] = Math.max(acc[a + i], x[s + i]); break;
        case 'min': for (let i = 0; i < inner; i++) acc[a + i] = Math.min(acc[a + i], x[s + i]); break;
      }
    }
  }
}
