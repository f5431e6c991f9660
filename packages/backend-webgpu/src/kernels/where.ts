import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { accessOf, broadcastIndexCode, broadcastLayout, broadcastValues } from './broadcast.js';
import { deviceBytes, main1d, sizeOf, storage } from './common.js';

/** where(cond, a, b) works on raw 32-bit words, so one shader serves every dtype. */
export function where(rt: GPURuntime, cond: TensorInfo<GPUTensorBuffer>, a: TensorInfo<GPUTensorBuffer>,
  b: TensorInfo<GPUTensorBuffer>, outShape: readonly number[]): GPUTensorBuffer {
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const access = [accessOf(cond, size), accessOf(a, size), accessOf(b, size)];
  const layout = broadcastLayout(rank, 3);
  rt.run(`where:${access.join(',')}:${rank}`, () => `${layout.wgsl}
${storage(1, 'C', 'u32')}
${storage(2, 'A', 'u32')}
${storage(3, 'B', 'u32')}
${storage(4, 'Y', 'u32', true)}
${main1d('p_size()')}
  ${broadcastIndexCode(rank, access)}
  Y[i] = select(B[idx2], A[idx1], C[idx0] != 0u);
}`, [cond.buffer, a.buffer, b.buffer, out], layout.pack(broadcastValues([cond, a, b], outShape, size) as never),
  rt.groupsFor(size));
  return out;
}
