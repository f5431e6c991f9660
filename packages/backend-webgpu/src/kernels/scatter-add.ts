import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d, storage, wgslType } from './common.js';
import { fill } from './fill.js';

const LAYOUT = uniformLayout({ size: 'u32', m: 'u32', rows: 'u32', inner: 'u32' });
const NONE = 0xffffffff;

/**
 * Deterministic scatter-add without float atomics: the updates that hit each output row are
 * chained as a linked list in increasing j (`head[row]` is the smallest j, `next[j]` the next
 * one), and each output element walks its chain, so sums always run in increasing j.
 */
export function scatterAdd(rt: GPURuntime, updates: TensorInfo<GPUTensorBuffer>, indices: TensorInfo<GPUTensorBuffer>,
  outer: number, rows: number, inner: number): GPUTensorBuffer {
  const m = indices.size;
  const size = outer * rows * inner;
  if (size === 0) return rt.allocate(deviceBytes(0));
  if (m === 0) return fill(rt, size, 0, updates.dtype);
  const head = fill(rt, rows, NONE, 'int32');
  const next = rt.allocate(deviceBytes(m));
  const uniforms = LAYOUT.pack({ size, m, rows, inner });
  rt.run('scatter-head', () => `${LAYOUT.wgsl}
${storage(1, 'I', 'i32')}
@group(0) @binding(2) var<storage, read_write> H: array<atomic<u32>>;
${main1d('p_m()')}
  let row = I[i];
  if (row >= 0 && u32(row) < p_rows()) { atomicMin(&H[u32(row)], i); }
}`, [indices.buffer, head], uniforms, rt.groupsFor(m));
  rt.run('scatter-next', () => `${LAYOUT.wgsl}
${storage(1, 'I', 'i32')}
${storage(2, 'N', 'u32', true)}
${main1d('p_m()')}
  let row = I[i];
  var found = ${NONE}u;
  for (var j = i + 1u; j < p_m(); j++) { if (I[j] == row) { found = j; break; } }
  N[i] = found;
}`, [indices.buffer, next], uniforms, rt.groupsFor(m));
  const t = wgslType(updates.dtype);
  const out = rt.allocate(deviceBytes(size));
  rt.run(`scatter-sum:${updates.dtype}`, () => `${LAYOUT.wgsl}
${storage(1, 'UPD', t)}
${storage(2, 'H', 'u32')}
${storage(3, 'N', 'u32')}
${storage(4, 'Y', t, true)}
${main1d('p_size()')}
  let inner = p_inner();
  let rows = p_rows();
  let k = i % inner;
  let row = (i / inner) % rows;
  let o = i / (inner * rows);
  var acc: ${t} = ${t}(0);
  var j = H[row];
  loop {
    if (j == ${NONE}u) { break; }
    acc += UPD[(o * p_m() + j) * inner + k];
    j = N[j];
  }
  Y[i] = acc;
}`, [updates.buffer, head, next, out], uniforms, rt.groupsFor(size));
  rt.pool.release(head);
  rt.pool.release(next);
  return out;
}
