import type { Pool2DInfo, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { poolGeometry, writeGeometry } from './geometry.js';

type T = TensorInfo<WasmBuffer>;

function call(ctx: KernelContext, name: string, p: Pool2DInfo, args: readonly number[], work: number): void {
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  args.forEach((v, i) => { w[a + i] = v; });
  writeGeometry(rt, poolGeometry(p));
  rt.run(name, work >= 1 << 16);
}

const outSize = (p: Pool2DInfo) => p.batch * p.outHeight * p.outWidth * p.channels;
const inSize = (p: Pool2DInfo) => p.batch * p.inHeight * p.inWidth * p.channels;

export function maxPool(ctx: KernelContext, x: T, p: Pool2DInfo): WasmBuffer {
  const out = ctx.output(outSize(p), 'float32', 'maxPool');
  if (outSize(p) > 0) call(ctx, 'pool', p, [x.buffer.ptr, out.ptr, 0], outSize(p) * p.windowHeight * p.windowWidth);
  return out;
}

export function avgPool(ctx: KernelContext, x: T, p: Pool2DInfo): WasmBuffer {
  const out = ctx.output(outSize(p), 'float32', 'avgPool');
  if (outSize(p) > 0) call(ctx, 'pool', p, [x.buffer.ptr, out.ptr, 1], outSize(p) * p.windowHeight * p.windowWidth);
  return out;
}

export function maxPoolBackprop(ctx: KernelContext, dy: T, x: T, p: Pool2DInfo): WasmBuffer {
  const dx = ctx.output(inSize(p), 'float32', 'maxPoolBackprop');
  if (inSize(p) === 0) return dx;
  // Windows that tile the image (stride == window) write their cells directly; the general
  // kernel (overlapping or gapped windows) zeroes dx first and accumulates.
  const tiled = p.strideHeight === p.windowHeight && p.strideWidth === p.windowWidth && p.windowHeight * p.windowWidth <= 64;
  call(ctx, tiled ? 'max_pool_backprop_tiled' : 'max_pool_backprop', p, [dy.buffer.ptr, x.buffer.ptr, dx.ptr], inSize(p));
  return dx;
}

export function avgPoolBackprop(ctx: KernelContext, dy: T, p: Pool2DInfo): WasmBuffer {
  const dx = ctx.output(inSize(p), 'float32', 'avgPoolBackprop');
  if (inSize(p) > 0) call(ctx, 'avg_pool_backprop', p, [dy.buffer.ptr, dx.ptr], inSize(p) * p.windowHeight * p.windowWidth);
  return dx;
}
