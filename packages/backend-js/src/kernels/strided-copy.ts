import type { TypedArray } from '@tessera/tensor';

/**
 * `dst[dstOffset + Σ i_d * dstStrides[d]] = src[srcOffset + Σ i_d * srcStrides[d]]` for every
 * index `i` of `shape`. Transpose, slice and pad are all this one loop with different strides.
 *
 * Axes of size 1 are dropped and neighbouring axes that are contiguous on both sides are merged
 * first, so the innermost loop runs as long as possible; the remaining outer axes are walked with
 * an odometer.
 */
export function copyStrided(
  src: TypedArray, srcOffset: number, srcStrides: readonly number[],
  dst: TypedArray, dstOffset: number, dstStrides: readonly number[],
  shape: readonly number[],
): void {
  const dims: number[] = [];
  const ss: number[] = [];
  const ds: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 0) return;
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && ss[last] === srcStrides[d] * shape[d] && ds[last] === dstStrides[d] * shape[d]) {
      dims[last] *= shape[d];
      ss[last] = srcStrides[d];
      ds[last] = dstStrides[d];
    } else {
      dims.push(shape[d]);
      ss.push(srcStrides[d]);
      ds.push(dstStrides[d]);
    }
  }
  if (dims.length === 0) {
    dst[dstOffset] = src[srcOffset];
    return;
  }

  const inner = dims.length - 1;
  const n = dims[inner];
  const srcStep = ss[inner];
  const dstStep = ds[inner];
  const index = new Array<number>(inner).fill(0);
  let s = srcOffset;
  let t = dstOffset;
  for (;;) {
    for (let j = 0, a = s, b = t; j < n; j++, a += srcStep, b += dstStep) dst[b] = src[a];
    let d = inner - 1;
    for (; d >= 0; d--) {
      s += ss[d];
      t += ds[d];
      if (++index[d] < dims[d]) break;
      s -= ss[d] * dims[d];
      t -= ds[d] * dims[d];
      index[d] = 0;
    }
    if (d < 0) return;
  }
}
