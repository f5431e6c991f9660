import type { TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { writeGeometry, type Geometry } from './geometry.js';

/** Output pixels per partial sum (rust/src/filter_grad_c1.rs `PIXELS`). */
const PIXELS = 1024;

/**
 * Whether `filterGradC1` applies: one input channel, output channels in groups of 16 (with fewer
 * per pass over the pixels, as in LeNet's 6, the GEMM is faster).
 */
export function filterGradC1Fits(inChannels: number, outChannels: number): boolean {
  return inChannels === 1 && outChannels % 16 === 0;
}

/**
 * The filter gradient of a single-channel convolution: partial sums over fixed chunks of output
 * pixels read dy in place (rust/src/filter_grad_c1.rs), then the partials are added in chunk order.
 */
export function filterGradC1(ctx: KernelContext, x: TensorInfo<WasmBuffer>, dy: TensorInfo<WasmBuffer>, dw: WasmBuffer,
  g: Geometry, o: number): void {
  const { rt } = ctx;
  const taps = g.kH * g.kW;
  const chunks = Math.ceil((g.batch * g.outH * g.outW) / PIXELS);
  const partials = ctx.temp(chunks * taps * o * 4, 'conv2dBackpropFilter');
  try {
    let w = rt.args();
    const a = rt.argBase;
    w[a] = x.buffer.ptr;
    w[a + 1] = dy.buffer.ptr;
    w[a + 2] = partials;
    w[a + 3] = o;
    writeGeometry(rt, g);
    rt.run('filter_grad_c1', chunks > 1);
    w = rt.args();
    w[a] = partials;
    w[a + 1] = dw.ptr;
    w[a + 2] = chunks;
    w[a + 3] = taps * o;
    rt.run('sum_rows', false);
  } finally {
    ctx.release(partials);
  }
}
