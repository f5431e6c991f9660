import { bytesPerElement, type BinaryOp, type DType, type TensorInfo, type UnaryOp } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { BINARY_CODES, COMPARE_OPS, DTYPE_CODES, UNARY_CODES, valueBits } from './codes.js';
import { broadcastStrides, collapse, PARALLEL_ELEMENTS, sizeOf, writeWalk } from './layout.js';

type T = TensorInfo<WasmBuffer>;

export function fill(ctx: KernelContext, size: number, value: number, dtype: DType): WasmBuffer {
  const out = ctx.output(size, dtype, 'fill');
  fillInto(ctx, out.ptr, size, value, dtype);
  return out;
}

export function fillInto(ctx: KernelContext, ptr: number, size: number, value: number, dtype: DType): void {
  if (size === 0) return;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = bytesPerElement(dtype);
  w[a + 1] = valueBits(value, dtype);
  w[a + 2] = ptr;
  w[a + 3] = size;
  rt.run('fill', size >= PARALLEL_ELEMENTS * 4);
}

export function unary(ctx: KernelContext, op: UnaryOp, x: T): WasmBuffer {
  const outDtype: DType = op === 'logicalNot' ? 'bool' : x.dtype;
  const out = ctx.output(x.size, outDtype, op);
  if (x.size === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = UNARY_CODES[op];
  w[a + 1] = DTYPE_CODES[x.dtype];
  w[a + 2] = x.buffer.ptr;
  w[a + 3] = out.ptr;
  w[a + 4] = x.size;
  rt.run('unary', x.size >= PARALLEL_ELEMENTS);
  return out;
}

export function cast(ctx: KernelContext, x: T, dtype: DType): WasmBuffer {
  const out = ctx.output(x.size, dtype, 'cast');
  if (x.size === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = DTYPE_CODES[x.dtype];
  w[a + 1] = DTYPE_CODES[dtype];
  w[a + 2] = x.buffer.ptr;
  w[a + 3] = out.ptr;
  w[a + 4] = x.size;
  rt.run('cast', x.size >= PARALLEL_ELEMENTS);
  return out;
}

export function binary(ctx: KernelContext, op: BinaryOp, x: T, y: T, outShape: readonly number[]): WasmBuffer {
  const size = sizeOf(outShape);
  const out = ctx.output(size, COMPARE_OPS.has(op) ? 'bool' : x.dtype, op);
  if (size === 0) return out;
  const walk = collapse(outShape, [broadcastStrides(x.shape, outShape), broadcastStrides(y.shape, outShape)]);
  const { rt } = ctx;
  writeWalk(rt, walk, op);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = BINARY_CODES[op];
  w[a + 1] = DTYPE_CODES[x.dtype];
  w[a + 2] = x.buffer.ptr;
  w[a + 3] = y.buffer.ptr;
  w[a + 4] = out.ptr;
  w[a + 5] = walk.shape.length;
  w[a + 6] = size;
  rt.run('binary', size >= PARALLEL_ELEMENTS);
  return out;
}

export function where(ctx: KernelContext, cond: T, x: T, y: T, outShape: readonly number[]): WasmBuffer {
  const size = sizeOf(outShape);
  const out = ctx.output(size, x.dtype, 'where');
  if (size === 0) return out;
  const walk = collapse(outShape, [
    broadcastStrides(cond.shape, outShape), broadcastStrides(x.shape, outShape), broadcastStrides(y.shape, outShape),
  ]);
  const { rt } = ctx;
  writeWalk(rt, walk, 'where');
  const w = rt.args();
  const a = rt.argBase;
  w[a] = bytesPerElement(x.dtype);
  w[a + 1] = cond.buffer.ptr;
  w[a + 2] = x.buffer.ptr;
  w[a + 3] = y.buffer.ptr;
  w[a + 4] = out.ptr;
  w[a + 5] = walk.shape.length;
  w[a + 6] = size;
  rt.run('select', size >= PARALLEL_ELEMENTS);
  return out;
}
