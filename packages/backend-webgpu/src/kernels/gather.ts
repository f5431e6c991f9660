import type { ReduceLayout, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, storage } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32', axis: 'u32', m: 'u32', inner: 'u32' });

/** out[o, j, i] = x[o, indices[j], i]; raw words, so every dtype shares the shader. */
export function gather(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, indices: TensorInfo<GPUTensorBuffer>,
  layout: ReduceLayout): GPUTensorBuffer {
  const m = indices.size;
  const size = layout.outer * m * layout.inner;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  rt.run('gather', () => `${LAYOUT.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'I', 'i32')}
${storage(3, 'Y', 'u32', true)}
${main1d('p_size()')}
  let inner = p_inner();
  let m = p_m();
  let k = i % inner;
  let j = (i / inner) % m;
  let o = i / (inner * m);
  let row = u32(clamp(I[j], 0, i32(p_axis()) - 1));
  Y[i] = X[(o * p_axis() + row) * inner + k];
}`, [x.buffer, indices.buffer, out], LAYOUT.pack({ size, axis: layout.reduce, m, inner: layout.inner }),
  rt.groupsFor(size));
  return out;
}
