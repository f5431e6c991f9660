import type { BinaryOp, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { binaryFunction, isComparison } from './binary-ops.js';
import { type Access, accessOf, broadcastIndexCode, broadcastLayout, broadcastValues } from './broadcast.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, sizeOf, storage, wgslType } from './common.js';

export function binary(rt: GPURuntime, op: BinaryOp, a: TensorInfo<GPUTensorBuffer>, b: TensorInfo<GPUTensorBuffer>,
  outShape: readonly number[]): GPUTensorBuffer {
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const access = [accessOf(a, size), accessOf(b, size)];
  if (size % 4 === 0 && !access.includes('strided')) return binaryVec4(rt, op, a, b, access, size, out);
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

const VEC_LAYOUT = uniformLayout({ size: 'u32' });

/** Same-shape or scalar operands: four elements per thread with vec4 loads and stores. */
function binaryVec4(rt: GPURuntime, op: BinaryOp, a: TensorInfo<GPUTensorBuffer>, b: TensorInfo<GPUTensorBuffer>,
  access: Access[], size: number, out: GPUTensorBuffer): GPUTensorBuffer {
  const t = wgslType(a.dtype);
  const outType = isComparison(op) ? 'u32' : t;
  const load = (name: string, k: number) => (access[k] === 'same' ? `${name}[i]` : `vec4<${t}>(${name}[0])`);
  rt.run(`binary4:${op}:${a.dtype}:${access.join(',')}`, () => `${VEC_LAYOUT.wgsl}
${F32_SPECIALS}
${binaryFunction(op, a.dtype)}
${storage(1, 'A', access[0] === 'same' ? `vec4<${t}>` : t)}
${storage(2, 'B', access[1] === 'same' ? `vec4<${t}>` : t)}
${storage(3, 'Y', `vec4<${outType}>`, true)}
${main1d('p_size()')}
  let a = ${load('A', 0)};
  let b = ${load('B', 1)};
  Y[i] = vec4<${outType}>(op_(a.x, b.x), op_(a.y, b.y), op_(a.z, b.z), op_(a.w, b.w));
}`, [a.buffer, b.buffer, out], VEC_LAYOUT.pack({ size: size / 4 }), rt.groupsFor(size / 4));
  return out;
}
