import type { DType, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, storage, wgslType } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32' });

/** Floats truncate toward zero (NaN becomes 0, out-of-range values saturate); bool is `x != 0`. */
function convert(from: DType, to: DType): string {
  if (to === 'bool') return from === 'float32' ? 'u32(x != 0.0 || isnan_(x))' : from === 'int32' ? 'u32(x != 0)' : 'x';
  if (to === 'int32') return from === 'float32' ? 'select(i32(clamp(trunc(x), -2147483648.0, 2147483520.0)), 0, isnan_(x))' : 'i32(x)';
  return 'f32(x)';
}

export function cast(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, dtype: DType): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(x.size));
  if (x.size === 0) return out;
  if (x.dtype === dtype) {
    rt.commands.copy(x.buffer.gpu, 0, out.gpu, 0, x.size * 4);
    return out;
  }
  rt.run(`cast:${x.dtype}:${dtype}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${storage(1, 'X', wgslType(x.dtype))}
${storage(2, 'Y', wgslType(dtype), true)}
${main1d('p_size()')}
  let x = X[i];
  Y[i] = ${convert(x.dtype, dtype)};
}`, [x.buffer, out], LAYOUT.pack({ size: x.size }), rt.groupsFor(x.size));
  return out;
}
