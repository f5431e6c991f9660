import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, sizeOf, storage } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32', width: 'u32', outWidth: 'u32', offset: 'u32' });

/**
 * Concatenation as one strided copy per input: every input is `[outer, width]` and lands at a
 * column offset of the `[outer, outWidth]` output. With outer = 1 that is a plain buffer copy.
 */
export function concat(rt: GPURuntime, xs: readonly TensorInfo<GPUTensorBuffer>[], axis: number,
  outShape: readonly number[]): GPUTensorBuffer {
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const outer = sizeOf(outShape.slice(0, axis));
  const outWidth = size / outer;
  let offset = 0;
  for (const x of xs) {
    const width = outer === 0 ? 0 : x.size / outer;
    if (x.size > 0) {
      if (outer === 1) rt.commands.copy(x.buffer.gpu, 0, out.gpu, offset * 4, x.size * 4);
      else {
        rt.run('concat', () => `${LAYOUT.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'Y', 'u32', true)}
${main1d('p_size()')}
  let o = i / p_width();
  let j = i - o * p_width();
  Y[o * p_outWidth() + p_offset() + j] = X[i];
}`, [x.buffer, out], LAYOUT.pack({ size: x.size, width, outWidth, offset }), rt.groupsFor(x.size));
      }
    }
    offset += width;
  }
  return out;
}
