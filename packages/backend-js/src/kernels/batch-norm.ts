import type { TypedArray } from '@tessera/tensor';

/**
 * `(x - mean) * rsqrt(variance + epsilon) * scale + offset` over the last axis (length
 * `channels`). Folded per channel into `x * a + b` before the pass over x. A parameter of
 * length 1 applies to every channel.
 */
export function batchNorm(
  x: TypedArray, size: number, channels: number,
  mean: TypedArray, variance: TypedArray, scale: TypedArray | null, offset: TypedArray | null,
  epsilon: number,
): Float32Array {
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const mu = at(mean, c);
    const k = (scale === null ? 1 : at(scale, c)) / Math.sqrt(at(variance, c) + epsilon);
    a[c] = k;
    b[c] = (offset === null ? 0 : at(offset, c)) - mu * k;
  }
  const out = new Float32Array(size);
  for (let row = 0; row < size; row += channels) {
    for (let c = 0; c < channels; c++) out[row + c] = x[row + c] * a[c] + b[c];
  }
  return out;
}

function at(param: TypedArray, c: number): number {
  return param.length === 1 ? param[0] : param[c];
}
