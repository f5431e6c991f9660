import type { BinaryOp, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { binaryFunction, isComparison } from './binary-ops.js';
import { accessOf, broadcastIndexCode, broadcastLayout, broadcastValues } from './broadcast.js';
import { deviceBytes, F32_SPECIALS, main1d, sizeOf, storage, wgslType } from './common.js';

export function binary(rt: GPURuntime, op: BinaryOp, a: TensorInfo<GPUTensorBuffer>, b: TensorInfo<GPUTensorBuffer>,
  outShape: readonly number[]): GPUTensorBuffer {
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const access = [accessOf(a, size), accessOf(b, size)];
  const layout = broadcastLayout(rank, 2);
  const t = wgslType(a.dtype);
  const outType = isComparison(op) ? 'u32' : t;
  rt.run(`binary:${op}:${a.dtype}:${access.join(',')}:${rank}`, () => `${layout.wgsl}
${F32_SPECIALS}
${binaryFunction(op, a.dtype)}
${storage(1, 'A', t)}
${storage(2, 'B', t)}
${storage(3, 'Y', outType, true)}
${main1d('p_size()')}
  ${broadcastIndexCode(rank, access)}
  Y[i] = op_(A[idx0], B[idx1]);
}`, [a.buffer, b.buffer, out], layout.pack(broadcastValues([a, b], outShape, size) as never), rt.groupsFor(size));
  return out;
}
