import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import { uniformLayout, type UniformField } from '../runtime/uniforms.js';
import { broadcastStrides } from './common.js';

/** How an operand of an elementwise kernel is addressed from the output index `i`. */
export type Access = 'same' | 'scalar' | 'strided';

export function accessOf(x: TensorInfo<GPUTensorBuffer>, outSize: number): Access {
  if (x.size === outSize) return 'same';
  if (x.size === 1) return 'scalar';
  return 'strided';
}

/**
 * Uniform layout and index code for an n-ary broadcasting kernel: operand k is read at
 * `idx_k`, computed from the output index `i` by walking the output shape once.
 */
export function broadcastLayout(rank: number, operands: number) {
  const fields: Record<string, UniformField> = { size: 'u32', shape: ['u32', rank] };
  for (let k = 0; k < operands; k++) fields[`st${k}`] = ['u32', rank];
  return uniformLayout(fields);
}

export function broadcastIndexCode(rank: number, access: readonly Access[]): string {
  const lines: string[] = [];
  const strided = access.some((a) => a === 'strided');
  access.forEach((a, k) => lines.push(`var idx${k}: u32 = ${a === 'same' ? 'i' : '0u'};`));
  if (strided) {
    lines.push('var rem = i;');
    lines.push(`for (var d: i32 = ${rank - 1}; d >= 0; d--) {`);
    lines.push('  let n = p_shape(u32(d)); let c = rem % n; rem = rem / n;');
    access.forEach((a, k) => { if (a === 'strided') lines.push(`  idx${k} += c * p_st${k}(u32(d));`); });
    lines.push('}');
  }
  return lines.join('\n  ');
}

export function broadcastValues(operands: readonly TensorInfo<GPUTensorBuffer>[], outShape: readonly number[], size: number) {
  const values: Record<string, number | readonly number[]> = { size, shape: outShape };
  operands.forEach((x, k) => { values[`st${k}`] = broadcastStrides(x.shape, outShape); });
  return values;
}
