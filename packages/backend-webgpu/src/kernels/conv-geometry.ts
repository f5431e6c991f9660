import type { Conv2DInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';

/** Conv2DInfo as uniforms; every convolution kernel shares this layout. */
export const CONV_LAYOUT = uniformLayout({
  batch: 'u32', H: 'u32', W: 'u32', C: 'u32', OH: 'u32', OW: 'u32', O: 'u32',
  KH: 'u32', KW: 'u32', SH: 'u32', SW: 'u32', DH: 'u32', DW: 'u32', PT: 'u32', PL: 'u32', MULT: 'u32',
  /** Split-reduction parameters (filter gradient only). */
  chunk: 'u32', total: 'u32',
  /** Row offset (in threads) of a dispatch when the rows need more than one (grid limits). */
  yBase: 'u32',
});

export function convUniforms(c: Conv2DInfo, chunk = 0, total = 0, yBase = 0): Uint32Array {
  return CONV_LAYOUT.pack({
    batch: c.batch, H: c.inHeight, W: c.inWidth, C: c.inChannels, OH: c.outHeight, OW: c.outWidth, O: c.outChannels,
    KH: c.filterHeight, KW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth, DH: c.dilationHeight,
    DW: c.dilationWidth, PT: c.padTop, PL: c.padLeft, MULT: c.channelMultiplier, chunk, total, yBase,
  });
}

/** Loads every geometry uniform into a local of the same name (i32, for signed index math). */
export const CONV_LOCALS = `let batch = i32(p_batch()); let H = i32(p_H()); let W = i32(p_W()); let C = i32(p_C());
  let OH = i32(p_OH()); let OW = i32(p_OW()); let O = i32(p_O()); let KH = i32(p_KH()); let KW = i32(p_KW());
  let SH = i32(p_SH()); let SW = i32(p_SW()); let DH = i32(p_DH()); let DW = i32(p_DW());
  let PT = i32(p_PT()); let PL = i32(p_PL()); let MULT = i32(p_MULT());`;

/**
 * Runs a 2-D grid of 8x8-thread workgroups whose y extent may exceed the per-dimension limit:
 * it is cut into several dispatches, each told its first row through `yBase`.
 */
export function runRows(rt: GPURuntime, key: string, code: () => string, buffers: readonly GPUTensorBuffer[],
  uniforms: (yBase: number) => Uint32Array, groupsX: number, groupsY: number, groupsZ = 1): void {
  const max = rt.device.limits.maxComputeWorkgroupsPerDimension;
  for (let base = 0; base < groupsY; base += max) {
    rt.run(key, code, buffers, uniforms(base * 8), [groupsX, Math.min(max, groupsY - base), groupsZ]);
  }
}
