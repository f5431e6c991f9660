import type { TensorInfo, UnaryOp } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, storage, wgslType } from './common.js';
import { FLOAT_HELPERS, unaryFunction } from './unary-ops.js';

const LAYOUT = uniformLayout({ size: 'u32' });

export function unary(rt: GPURuntime, op: UnaryOp, x: TensorInfo<GPUTensorBuffer>): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(x.size));
  if (x.size === 0) return out;
  const outType = op === 'logicalNot' ? 'u32' : wgslType(x.dtype);
  rt.run(`unary:${op}:${x.dtype}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${FLOAT_HELPERS}
${unaryFunction(op, x.dtype)}
${storage(1, 'X', wgslType(x.dtype))}
${storage(2, 'Y', outType, true)}
${main1d('p_size()')}
  Y[i] = op_(X[i]);
}`, [x.buffer, out], LAYOUT.pack({ size: x.size }), rt.groupsFor(x.size));
  return out;
}
