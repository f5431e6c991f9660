import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, sizeOf, storage, stridesOf } from './common.js';

/**
 * Strided slice: out[c] = x[begin + c * strides]. The start offset and the per-axis steps
 * (possibly negative) are folded on the host, so the shader only adds signed steps.
 */
export function slice(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, begin: readonly number[],
  strides: readonly number[], outShape: readonly number[]): GPUTensorBuffer {
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const inStrides = stridesOf(x.shape);
  const base = begin.reduce((acc, b, d) => acc + b * inStrides[d], 0);
  const layout = uniformLayout({ size: 'u32', base: 'i32', shape: ['u32', rank], step: ['i32', rank] });
  rt.run(`slice:${rank}`, () => `${layout.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'Y', 'u32', true)}
${main1d('p_size()')}
  var rem = i;
  var at = p_base();
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let n = p_shape(u32(d)); let c = rem % n; rem = rem / n;
    at += i32(c) * p_step(u32(d));
  }
  Y[i] = X[u32(at)];
}`, [x.buffer, out], layout.pack({
    size, base, shape: outShape, step: strides.map((s, d) => s * inStrides[d]),
  }), rt.groupsFor(size));
  return out;
}
