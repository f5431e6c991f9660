import type { Conv2DInfo, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { convGeometry, MULTIPLIER, writeGeometry } from './geometry.js';

type T = TensorInfo<WasmBuffer>;

function call(ctx: KernelContext, name: string, op: string, c: Conv2DInfo, p0: number, p1: number, p2: number, work: number): void {
  const { rt } = ctx;
  // The filter gradient accumulates each output row into a 64-float per-thread buffer.
  if (name === 'depthwise_backprop_filter') rt.scratch(op, 0, 64 * 4);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = p0;
  w[a + 1] = p1;
  w[a + 2] = p2;
  writeGeometry(rt, convGeometry(c));
  w[a + MULTIPLIER] = c.channelMultiplier;
  rt.run(name, work >= 1 << 16);
}

export function depthwiseConv2d(ctx: KernelContext, x: T, filter: T, c: Conv2DInfo): WasmBuffer {
  const size = c.batch * c.outHeight * c.outWidth * c.outChannels;
  const out = ctx.output(size, 'float32', 'depthwiseConv2d');
  if (size > 0) call(ctx, 'depthwise', 'depthwiseConv2d', c, x.buffer.ptr, filter.buffer.ptr, out.ptr, size * c.filterHeight * c.filterWidth);
  return out;
}

export function depthwiseConv2dBackpropInput(ctx: KernelContext, dy: T, filter: T, c: Conv2DInfo): WasmBuffer {
  const size = c.batch * c.inHeight * c.inWidth * c.inChannels;
  const dx = ctx.output(size, 'float32', 'depthwiseConv2dBackpropInput');
  if (size > 0) call(ctx, 'depthwise_backprop_input', 'depthwiseConv2dBackpropInput', c, dy.buffer.ptr, filter.buffer.ptr, dx.ptr, size * c.filterHeight * c.filterWidth);
  return dx;
}

export function depthwiseConv2dBackpropFilter(ctx: KernelContext, x: T, dy: T, c: Conv2DInfo): WasmBuffer {
  const size = c.filterHeight * c.filterWidth * c.outChannels;
  const dw = ctx.output(size, 'float32', 'depthwiseConv2dBackpropFilter');
  if (size > 0) call(ctx, 'depthwise_backprop_filter', 'depthwiseConv2dBackpropFilter', c, x.buffer.ptr, dy.buffer.ptr, dw.ptr, dy.size * c.filterHeight * c.filterWidth);
  return dw;
}
