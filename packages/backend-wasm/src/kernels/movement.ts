import { bytesPerElement, type ReduceLayout, type TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { fillInto } from './elementwise.js';
import { collapse, contiguousStrides, PARALLEL_ELEMENTS, sizeOf, writeWalk, type Walk } from './layout.js';

type T = TensorInfo<WasmBuffer>;

/**
 * Copies `x` through a strided walk: element at walk index i of `shape` is read from
 * `srcOffset + i . srcStrides` and written to `dstOffset + i . dstStrides` (elements).
 */
export function stridedCopy(ctx: KernelContext, op: string, elementBytes: number, src: number, dst: number,
  shape: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[], srcOffset = 0, dstOffset = 0): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const walk = preferTiles(collapse(shape, [srcStrides, dstStrides]));
  const { rt } = ctx;
  writeWalk(rt, walk, op);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = elementBytes;
  w[a + 1] = src;
  w[a + 2] = dst;
  w[a + 3] = walk.shape.length;
  w[a + 4] = n;
  w[a + 5] = srcOffset;
  w[a + 6] = dstOffset;
  rt.run('strided_copy', n >= PARALLEL_ELEMENTS);
}

/**
 * Walk order is free (both operands have explicit strides). When the destination is contiguous
 * along the last axis but the source is not, move the source's contiguous axis next to it:
 * the kernel then copies 4x4 tiles through registers instead of gathering one element at a time.
 */
function preferTiles(walk: Walk): Walk {
  const r = walk.shape.length;
  const [src, dst] = walk.strides;
  if (r < 2 || dst[r - 1] !== 1 || src[r - 1] === 1) return walk;
  const q = src.findIndex((s) => s === 1);
  if (q < 0 || q === r - 2) return walk;
  const order = [...Array(r).keys()].filter((d) => d !== q && d !== r - 1);
  order.push(q, r - 1);
  return { shape: order.map((d) => walk.shape[d]), strides: walk.strides.map((s) => order.map((d) => s[d])) };
}

export function transpose(ctx: KernelContext, x: T, perm: readonly number[]): WasmBuffer {
  const outShape = perm.map((p) => x.shape[p]);
  const out = ctx.output(x.size, x.dtype, 'transpose');
  const xs = contiguousStrides(x.shape);
  stridedCopy(ctx, 'transpose', bytesPerElement(x.dtype), x.buffer.ptr, out.ptr, outShape,
    perm.map((p) => xs[p]), contiguousStrides(outShape));
  return out;
}

export function slice(ctx: KernelContext, x: T, begin: readonly number[], strides: readonly number[],
  outShape: readonly number[]): WasmBuffer {
  const out = ctx.output(sizeOf(outShape), x.dtype, 'slice');
  const xs = contiguousStrides(x.shape);
  const offset = begin.reduce((acc, b, d) => acc + b * xs[d], 0);
  stridedCopy(ctx, 'slice', bytesPerElement(x.dtype), x.buffer.ptr, out.ptr, outShape,
    strides.map((s, d) => s * xs[d]), contiguousStrides(outShape), offset);
  return out;
}

export function tile(ctx: KernelContext, x: T, reps: readonly number[]): WasmBuffer {
  const outShape = x.shape.map((s, d) => s * reps[d]);
  const out = ctx.output(sizeOf(outShape), x.dtype, 'tile');
  // Walk [r0, s0, r1, s1, ...]: the repeat axes read with stride 0.
  const xs = contiguousStrides(x.shape);
  const shape = x.shape.flatMap((s, d) => [reps[d], s]);
  const src = x.shape.flatMap((_, d) => [0, xs[d]]);
  stridedCopy(ctx, 'tile', bytesPerElement(x.dtype), x.buffer.ptr, out.ptr, shape, src, contiguousStrides(shape));
  return out;
}

export function pad(ctx: KernelContext, x: T, paddings: readonly (readonly [number, number])[], value: number): WasmBuffer {
  const outShape = x.shape.map((s, d) => s + paddings[d][0] + paddings[d][1]);
  const size = sizeOf(outShape);
  const out = ctx.output(size, x.dtype, 'pad');
  fillInto(ctx, out.ptr, size, value, x.dtype);
  const os = contiguousStrides(outShape);
  const offset = paddings.reduce((acc, p, d) => acc + p[0] * os[d], 0);
  stridedCopy(ctx, 'pad', bytesPerElement(x.dtype), x.buffer.ptr, out.ptr, x.shape, contiguousStrides(x.shape), os, 0, offset);
  return out;
}

export function concat(ctx: KernelContext, xs: readonly T[], axis: number, outShape: readonly number[]): WasmBuffer {
  const dtype = xs[0].dtype;
  const out = ctx.output(sizeOf(outShape), dtype, 'concat');
  const rows = sizeOf(outShape.slice(0, axis));
  const dstRow = sizeOf(outShape.slice(axis));
  const { rt } = ctx;
  let col = 0;
  for (const x of xs) {
    const srcRow = sizeOf(x.shape.slice(axis));
    if (srcRow > 0 && rows > 0) {
      const w = rt.args();
      const a = rt.argBase;
      w[a] = bytesPerElement(dtype);
      w[a + 1] = x.buffer.ptr;
      w[a + 2] = out.ptr;
      w[a + 3] = rows;
      w[a + 4] = srcRow;
      w[a + 5] = dstRow;
      w[a + 6] = col;
      rt.run('concat_copy', x.size >= PARALLEL_ELEMENTS * 4);
    }
    col += srcRow;
  }
  return out;
}

export function gather(ctx: KernelContext, x: T, indices: T, layout: ReduceLayout): WasmBuffer {
  const m = indices.size;
  const size = layout.outer * m * layout.inner;
  const out = ctx.output(size, x.dtype, 'gather');
  if (size === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = bytesPerElement(x.dtype);
  w[a + 1] = x.buffer.ptr;
  w[a + 2] = indices.buffer.ptr;
  w[a + 3] = out.ptr;
  w[a + 4] = layout.outer;
  w[a + 5] = layout.reduce;
  w[a + 6] = layout.inner;
  w[a + 7] = m;
  rt.run('gather', size >= PARALLEL_ELEMENTS);
  return out;
}

export function scatterAdd(ctx: KernelContext, updates: T, indices: T, outer: number, size: number, inner: number): WasmBuffer {
  const total = outer * size * inner;
  const out = ctx.output(total, updates.dtype, 'scatterAdd');
  if (total === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = updates.dtype === 'float32' ? 0 : 1;
  w[a + 1] = updates.buffer.ptr;
  w[a + 2] = indices.buffer.ptr;
  w[a + 3] = out.ptr;
  w[a + 4] = outer;
  w[a + 5] = size;
  w[a + 6] = inner;
  w[a + 7] = indices.size;
  rt.run('scatter_add', total >= PARALLEL_ELEMENTS);
  return out;
}
