import type { TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS } from './common.js';

const LAYOUT = uniformLayout({ outer: 'u32', n: 'u32' });
const LANES = 64;

/**
 * Softmax / log-softmax over rows of `[outer, n]`, one workgroup per row: a parallel max, then
 * a parallel sum of exp(x - max) (subtracting the max keeps exp finite for logits of +-1000),
 * then every lane writes its share of the row.
 */
export function softmax(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, outer: number, n: number, log: boolean): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(outer * n));
  if (outer * n === 0) return out;
  const write = log ? 'Y[base + k] = X[base + k] - rowMax - log(total);' : 'Y[base + k] = exp(X[base + k] - rowMax) / total;';
  rt.run(`softmax:${log ? 'log' : 'exp'}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
var<workgroup> part: array<f32, ${LANES}>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  let valid = row < p_outer();
  let n = p_n();
  let base = row * n;
  var m = -f32_inf();
  if (valid) { for (var k = lid.x; k < n; k += ${LANES}u) { m = max(m, X[base + k]); } }
  part[lid.x] = m;
  workgroupBarrier();
  for (var s = ${LANES / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { part[lid.x] = max(part[lid.x], part[lid.x + s]); }
    workgroupBarrier();
  }
  let rowMax = part[0];
  workgroupBarrier();
  var acc = 0.0;
  if (valid) { for (var k = lid.x; k < n; k += ${LANES}u) { acc += exp(X[base + k] - rowMax); } }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var s = ${LANES / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { part[lid.x] += part[lid.x + s]; }
    workgroupBarrier();
  }
  let total = part[0];
  if (valid) { for (var k = lid.x; k < n; k += ${LANES}u) { ${write} } }
}`, [x.buffer, out], LAYOUT.pack({ outer, n }), rt.groupsFor(outer, 1));
  return out;
}
