import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, storage, stridesOf } from './common.js';

/** Permutes axes: out[..c_d..] = x at sum(c_d * xStride[perm[d]]). Works on raw words. */
export function transpose(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, perm: readonly number[]): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(x.size));
  if (x.size === 0) return out;
  const rank = perm.length;
  const layout = uniformLayout({ size: 'u32', shape: ['u32', rank], st: ['u32', rank] });
  const inStrides = stridesOf(x.shape);
  rt.run(`transpose:${rank}`, () => `${layout.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'Y', 'u32', true)}
${main1d('p_size()')}
  var rem = i;
  var at = 0u;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let n = p_shape(u32(d)); let c = rem % n; rem = rem / n;
    at += c * p_st(u32(d));
  }
  Y[i] = X[at];
}`, [x.buffer, out], layout.pack({
    size: x.size, shape: perm.map((p) => x.shape[p]), st: perm.map((p) => inStrides[p]),
  }), rt.groupsFor(x.size));
  return out;
}
