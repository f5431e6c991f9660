import type { ArgReduceOp, ReduceLayout, ReduceOp, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { fillInto } from './elementwise.js';
import { PARALLEL_ELEMENTS } from './layout.js';

type T = TensorInfo<WasmBuffer>;

const OPS: Record<ReduceOp, number> = { sum: 0, prod: 1, max: 2, min: 3 };
/**
 * The reduced axis is cut into blocks of this many elements; each pass writes one partial per
 * block and the partials are reduced again. A constant, so sums do not depend on thread counts.
 */
export const REDUCE_BLOCK = 4096;

const IDENTITY: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

export function reduce(ctx: KernelContext, op: ReduceOp, x: T, layout: ReduceLayout): WasmBuffer {
  const { outer, inner } = layout;
  const out = ctx.output(outer * inner, x.dtype, op);
  if (outer * inner === 0) return out;
  if (layout.reduce === 0) {
    const id = x.dtype === 'int32' && !Number.isFinite(IDENTITY[op]) ? (op === 'max' ? -(2 ** 31) : 2 ** 31 - 1) : IDENTITY[op];
    fillInto(ctx, out.ptr, outer * inner, id, x.dtype);
    return out;
  }
  const { rt } = ctx;
  let src = x.buffer.ptr;
  let red = layout.reduce;
  let temp = 0;
  for (;;) {
    const blocks = Math.ceil(red / REDUCE_BLOCK);
    const dst = blocks === 1 ? out.ptr : ctx.temp(outer * blocks * inner * 4, op);
    const w = rt.args();
    const a = rt.argBase;
    w[a] = OPS[op];
    w[a + 1] = x.dtype === 'float32' ? 0 : 1;
    w[a + 2] = src;
    w[a + 3] = dst;
    w[a + 4] = outer;
    w[a + 5] = red;
    w[a + 6] = inner;
    w[a + 7] = REDUCE_BLOCK;
    rt.run('reduce', outer * red * inner >= PARALLEL_ELEMENTS);
    if (temp) ctx.release(temp);
    if (blocks === 1) return out;
    temp = dst;
    src = dst;
    red = blocks;
  }
}

export function argReduce(ctx: KernelContext, op: ArgReduceOp, x: T, layout: ReduceLayout): WasmBuffer {
  const size = layout.outer * layout.inner;
  const out = ctx.output(size, 'int32', op);
  if (size === 0) return out;
  if (layout.reduce === 0) {
    fillInto(ctx, out.ptr, size, 0, 'int32');
    return out;
  }
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = op === 'argmax' ? 0 : 1;
  w[a + 1] = x.dtype === 'float32' ? 0 : 1;
  w[a + 2] = x.buffer.ptr;
  w[a + 3] = out.ptr;
  w[a + 4] = layout.outer;
  w[a + 5] = layout.reduce;
  w[a + 6] = layout.inner;
  rt.run('arg_reduce', size * layout.reduce >= PARALLEL_ELEMENTS);
  return out;
}
