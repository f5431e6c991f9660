import type { DType } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, storage, wordOf } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32', word: 'u32' });

export function fill(rt: GPURuntime, size: number, value: number, dtype: DType): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  rt.run('fill', () => `${LAYOUT.wgsl}
${storage(1, 'Y', 'u32', true)}
${main1d('p_size()')}
  Y[i] = p_word();
}`, [out], LAYOUT.pack({ size, word: wordOf(value, dtype) }), rt.groupsFor(size));
  return out;
}
