import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, sizeOf, storage, stridesOf } from './common.js';

export function tile(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, reps: readonly number[]): GPUTensorBuffer {
  const outShape = x.shape.map((n, d) => n * reps[d]);
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const layout = uniformLayout({ size: 'u32', shape: ['u32', rank], inShape: ['u32', rank], st: ['u32', rank] });
  rt.run(`tile:${rank}`, () => `${layout.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'Y', 'u32', true)}
${main1d('p_size()')}
  var rem = i;
  var at = 0u;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let n = p_shape(u32(d)); let c = rem % n; rem = rem / n;
    at += (c % p_inShape(u32(d))) * p_st(u32(d));
  }
  Y[i] = X[at];
}`, [x.buffer, out], layout.pack({ size, shape: outShape, inShape: x.shape, st: stridesOf(x.shape) }),
  rt.groupsFor(size));
  return out;
}
