import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, sizeOf, storage, stridesOf, wordOf } from './common.js';

/** Constant padding; the pad value travels as the raw word of the tensor's dtype. */
export function pad(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, paddings: readonly (readonly [number, number])[],
  value: number): GPUTensorBuffer {
  const outShape = x.shape.map((n, d) => n + paddings[d][0] + paddings[d][1]);
  const size = sizeOf(outShape);
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const rank = outShape.length;
  const layout = uniformLayout({
    size: 'u32', word: 'u32', shape: ['u32', rank], before: ['u32', rank], inShape: ['u32', rank], st: ['u32', rank],
  });
  rt.run(`pad:${rank}`, () => `${layout.wgsl}
${storage(1, 'X', 'u32')}
${storage(2, 'Y', 'u32', true)}
${main1d('p_size()')}
  var rem = i;
  var at = 0u;
  var inside = true;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let n = p_shape(u32(d)); let c = rem % n; rem = rem / n;
    let src = i32(c) - i32(p_before(u32(d)));
    if (src < 0 || src >= i32(p_inShape(u32(d)))) { inside = false; }
    at += u32(max(src, 0)) * p_st(u32(d));
  }
  if (inside) { Y[i] = X[at]; } else { Y[i] = p_word(); }
}`, [x.buffer, out], layout.pack({
    size, word: wordOf(value, x.dtype), shape: outShape, before: paddings.map((p) => p[0]),
    inShape: x.shape, st: stridesOf(x.shape),
  }), rt.groupsFor(size));
  return out;
}
