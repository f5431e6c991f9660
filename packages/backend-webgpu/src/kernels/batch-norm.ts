import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, storage } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32', C: 'u32', epsilon: 'f32' });

/** (x - mean) * rsqrt(var + eps) * scale + offset over the last axis (channels). */
export function batchNorm(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, mean: TensorInfo<GPUTensorBuffer>,
  variance: TensorInfo<GPUTensorBuffer>, scale: TensorInfo<GPUTensorBuffer> | null,
  offset: TensorInfo<GPUTensorBuffer> | null, epsilon: number): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(x.size));
  if (x.size === 0) return out;
  const C = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const buffers = [x.buffer, mean.buffer, variance.buffer];
  let binding = 4;
  const decls: string[] = [];
  if (scale) { decls.push(storage(binding++, 'S', 'f32')); buffers.push(scale.buffer); }
  if (offset) { decls.push(storage(binding++, 'B', 'f32')); buffers.push(offset.buffer); }
  buffers.push(out);
  // Each parameter may be a single value broadcast over every channel.
  const at = (t: TensorInfo<GPUTensorBuffer>) => (t.size === 1 ? '0u' : 'c');
  rt.run(`batchnorm:${at(mean)}${at(variance)}:${scale ? at(scale) : '-'}:${offset ? at(offset) : '-'}`, () => `${LAYOUT.wgsl}
${storage(1, 'X', 'f32')}
${storage(2, 'MEAN', 'f32')}
${storage(3, 'VAR', 'f32')}
${decls.join('\n')}
${storage(binding, 'Y', 'f32', true)}
${main1d('p_size()')}
  let c = i % p_C();
  var v = (X[i] - MEAN[${at(mean)}]) / sqrt(VAR[${at(variance)}] + p_epsilon());
  ${scale ? `v = v * S[${at(scale)}];` : ''}
  ${offset ? `v = v + B[${at(offset)}];` : ''}
  Y[i] = v;
}`, buffers, LAYOUT.pack({ size: x.size, C, epsilon }), rt.groupsFor(x.size));
  return out;
}
