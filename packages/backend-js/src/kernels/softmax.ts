import type { TypedArray } from '@tessera/tensor';

/**
 * Softmax over the rows of x seen as `[outer, n]`. The row maximum is subtracted before exp, so
 * logits of any magnitude work; a row of all -Infinity has no defined softmax and gives NaN.
 */
export function softmax(x: TypedArray, outer: number, n: number): Float32Array {
  const out = new Float32Array(outer * n);
  const e = new Float64Array(n);
  for (let row = 0; row < outer * n; row += n) {
    const max = rowMax(x, row, n);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      e[j] = Math.exp(x[row + j] - max);
      sum += e[j];
    }
    for (let j = 0; j < n; j++) out[row + j] = e[j] / sum;
  }
  return out;
}

/** log(softmax(x)) = x - max - log(Σ exp(x - max)), without ever forming the softmax itself. */
export function logSoftmax(x: TypedArray, outer: number, n: number): Float32Array {
  const out = new Float32Array(outer * n);
  for (let row = 0; row < outer * n; row += n) {
    const max = rowMax(x, row, n);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(x[row + j] - max);
    const shift = max + Math.log(sum);
    for (let j = 0; j < n; j++) out[row + j] = x[row + j] - shift;
  }
  return out;
}

function rowMax(x: TypedArray, start: number, n: number): number {
  let max = -Infinity;
  for (let j = start; j < start + n; j++) max = Math.max(max, x[j]);
  return max;
}
