import type { ArgReduceOp, ReduceLayout, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, storage, wgslType } from './common.js';

const LAYOUT = uniformLayout({ outer: 'u32', reduce: 'u32', inner: 'u32' });

/** Index of the first extremum; a NaN counts as the extremum (as in torch) and stops the search. */
export function argReduce(rt: GPURuntime, op: ArgReduceOp, x: TensorInfo<GPUTensorBuffer>, layout: ReduceLayout): GPUTensorBuffer {
  const { outer, reduce: r, inner } = layout;
  const outSize = outer * inner;
  const out = rt.allocate(deviceBytes(outSize));
  if (outSize === 0) return out;
  const t = wgslType(x.dtype);
  const better = op === 'argmax' ? 'v > best' : 'v < best';
  const nan = x.dtype === 'float32' ? 'if (isnan_(v)) { bestAt = k; break; }' : '';
  rt.run(`arg:${op}:${x.dtype}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${storage(1, 'X', t)}
${storage(2, 'Y', 'i32', true)}
${main1d('p_outer() * p_inner()')}
  let inner = p_inner();
  let o = i / inner;
  let j = i - o * inner;
  let n = p_reduce();
  let base = o * n * inner + j;
  var best = X[base];
  var bestAt = 0u;
  for (var k = 0u; k < n; k++) {
    let v = X[base + k * inner];
    ${nan}
    if (${better}) { best = v; bestAt = k; }
  }
  Y[i] = i32(bestAt);
}`, [x.buffer, out], LAYOUT.pack({ outer, reduce: r, inner }), rt.groupsFor(outSize));
  return out;
}
