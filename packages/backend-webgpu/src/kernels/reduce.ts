import type { DType, ReduceLayout, ReduceOp, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d, storage, wgslType } from './common.js';

const LAYOUT = uniformLayout({ outer: 'u32', reduce: 'u32', inner: 'u32', chunk: 'u32', splits: 'u32' });
const ROW_LANES = 64;
/** Long rows are cut into chunks of this many elements, reduced by separate workgroups. */
const CHUNK = 4096;

function identity(op: ReduceOp, dtype: DType): string {
  const float = dtype === 'float32';
  switch (op) {
    case 'sum': return float ? '0.0' : '0';
    case 'prod': return float ? '1.0' : '1';
    case 'max': return float ? '-f32_inf()' : 'i32(-2147483647 - 1)';
    case 'min': return float ? 'f32_inf()' : '2147483647';
  }
}

/** max/min propagate NaN, as torch.amax does; the builtins leave that unspecified. */
function combine(op: ReduceOp, dtype: DType): string {
  const t = wgslType(dtype);
  const body = op === 'sum' ? 'return acc + v;' : op === 'prod' ? 'return acc * v;'
    : dtype === 'float32' ? `if (isnan_(acc)) { return acc; } if (isnan_(v)) { return v; } return ${op}(acc, v);`
      : `return ${op}(acc, v);`;
  return `fn comb(acc: ${t}, v: ${t}) -> ${t} { ${body} }`;
}

/**
 * Reduction over the middle axis of `[outer, reduce, inner]`. With inner = 1 each output row
 * gets a workgroup that reduces in parallel and then in a tree (full reductions are common:
 * losses); otherwise each thread owns one output and walks the reduced axis, reading
 * neighbouring threads' neighbouring addresses.
 */
export function reduce(rt: GPURuntime, op: ReduceOp, x: TensorInfo<GPUTensorBuffer>, layout: ReduceLayout): GPUTensorBuffer {
  const { outer, reduce: r, inner } = layout;
  const outSize = outer * inner;
  const out = rt.allocate(deviceBytes(outSize));
  if (outSize === 0) return out;
  const t = wgslType(x.dtype);
  const head = `${LAYOUT.wgsl}
${F32_SPECIALS}
${combine(op, x.dtype)}
${storage(1, 'X', t)}
${storage(2, 'Y', t, true)}`;
  if (inner === 1 && r >= ROW_LANES) {
    // A single long row would run on one workgroup (one CPU core); chunks spread it out, and
    // the partial results are reduced again in a fixed order.
    const splits = r >= 2 * CHUNK ? Math.ceil(r / CHUNK) : 1;
    const target = splits > 1 ? rt.allocate(deviceBytes(outer * splits)) : out;
    rt.run(`reduce-rows:${op}:${x.dtype}`, () => `${head}
var<workgroup> part: array<${t}, ${ROW_LANES}>;
@compute @workgroup_size(${ROW_LANES})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  let valid = g < p_outer() * p_splits();
  let row = g / p_splits();
  let part_ = g % p_splits();
  let n = p_reduce();
  let end = min(n, (part_ + 1u) * p_chunk());
  var acc: ${t} = ${identity(op, x.dtype)};
  if (valid) {
    for (var k = part_ * p_chunk() + lid.x; k < end; k += ${ROW_LANES}u) { acc = comb(acc, X[row * n + k]); }
  }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var s = ${ROW_LANES / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { part[lid.x] = comb(part[lid.x], part[lid.x + s]); }
    workgroupBarrier();
  }
  if (valid && lid.x == 0u) { Y[g] = part[0]; }
}`, [x.buffer, target], LAYOUT.pack({ outer, reduce: r, inner, chunk: splits > 1 ? CHUNK : r, splits }),
    rt.groupsFor(outer * splits, 1));
    if (splits === 1) return out;
    rt.pool.release(out);
    const total = reduce(rt, op, { buffer: target, shape: [outer, splits], dtype: x.dtype, size: outer * splits },
      { outer, reduce: splits, inner: 1 });
    rt.pool.release(target);
    return total;
  }
  rt.run(`reduce-cols:${op}:${x.dtype}`, () => `${head}
${main1d('p_outer() * p_inner()')}
  let inner = p_inner();
  let o = i / inner;
  let j = i - o * inner;
  let n = p_reduce();
  var at = o * n * inner + j;
  var acc: ${t} = ${identity(op, x.dtype)};
  for (var k = 0u; k < n; k++) { acc = comb(acc, X[at]); at += inner; }
  Y[i] = acc;
}`, [x.buffer, out], LAYOUT.pack({ outer, reduce: r, inner, chunk: r, splits: 1 }), rt.groupsFor(outSize));
  return out;
}
