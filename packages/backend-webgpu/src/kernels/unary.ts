import type { TensorInfo, UnaryOp } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, storage, wgslType } from './common.js';
import { FLOAT_HELPERS, unaryFunction } from './unary-ops.js';

const LAYOUT = uniformLayout({ size: 'u32' });

/**
 * One thread per element, or per 4 elements (vec4 loads and stores) when the size allows:
 * on CPU adapters the per-invocation cost dominates simple elementwise work.
 */
export function unary(rt: GPURuntime, op: UnaryOp, x: TensorInfo<GPUTensorBuffer>): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(x.size));
  if (x.size === 0) return out;
  const inType = wgslType(x.dtype);
  const outType = op === 'logicalNot' ? 'u32' : inType;
  const vec = x.size % 4 === 0;
  const threads = vec ? x.size / 4 : x.size;
  rt.run(`unary:${op}:${x.dtype}:${vec ? 4 : 1}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${FLOAT_HELPERS}
${unaryFunction(op, x.dtype)}
${storage(1, 'X', vec ? `vec4<${inType}>` : inType)}
${storage(2, 'Y', vec ? `vec4<${outType}>` : outType, true)}
${main1d('p_size()')}
  ${vec ? 'let v = X[i];\n  Y[i] = vec4<' + outType + '>(op_(v.x), op_(v.y), op_(v.z), op_(v.w));' : 'Y[i] = op_(X[i]);'}
}`, [x.buffer, out], LAYOUT.pack({ size: threads }), rt.groupsFor(threads));
  return out;
}
