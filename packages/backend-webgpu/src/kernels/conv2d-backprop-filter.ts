import type { Conv2DInfo, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { deviceBytes } from './common.js';
import { CONV_LAYOUT, CONV_LOCALS, convUniforms, runRows } from './conv-geometry.js';
import { reduce } from './reduce.js';

/** Below this many 4x4 blocks the output alone cannot keep the adapter busy. */
const TARGET_BLOCKS = 2048;
const MIN_CHUNK = 256;

/**
 * Filter gradient of conv2d: dF[ky, kx, c, o] = sum over (b, oy, ox) of x[b, iy, ix, c] *
 * dy[b, oy, ox, o]. Rows (ky, kx, c) x columns o form a small output with a long reduction, so
 * the reduction is split into chunks written as partial sums and then added by the reduce
 * kernel (in a fixed order: results are deterministic).
 */
export function conv2dBackpropFilter(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, dy: TensorInfo<GPUTensorBuffer>,
  conv: Conv2DInfo): GPUTensorBuffer {
  const rows = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const O = conv.outChannels;
  const total = conv.batch * conv.outHeight * conv.outWidth;
  const outSize = rows * O;
  if (outSize === 0 || total === 0) {
    const out = rt.allocate(deviceBytes(outSize));
    if (outSize > 0) rt.commands.clear(out.gpu, outSize * 4);
    return out;
  }
  const blocks = Math.ceil(rows / 4) * Math.ceil(O / 4);
  const splits = Math.max(1, Math.min(Math.ceil(total / MIN_CHUNK), Math.ceil(TARGET_BLOCKS / blocks), 64));
  const chunk = Math.ceil(total / splits);
  const parts = rt.allocate(deviceBytes(splits * outSize));
  const vecC = conv.inChannels % 4 === 0;
  const vecO = O % 4 === 0;
  runRows(rt, `conv2d-dw:${vecC ? 4 : 1}${vecO ? 4 : 1}`, () => shader(vecC, vecO), [x.buffer, dy.buffer, parts],
    (yBase) => convUniforms(conv, chunk, total, yBase), Math.ceil(O / 4 / 8), Math.ceil(rows / 4 / 8), splits);
  if (splits === 1) return parts;
  const out = reduce(rt, 'sum', { buffer: parts, shape: [splits, outSize], dtype: 'float32', size: splits * outSize },
    { outer: 1, reduce: splits, inner: outSize });
  rt.pool.release(parts);
  return out;
}

function shader(vecC: boolean, vecO: boolean): string {
  const xLoad = vecC
    ? `let a = select(vec4<f32>(0.0), X[base[0] / 4u], ok[0]);`
    : `let a = vec4<f32>(select(0.0, X[base[0]], ok[0]), select(0.0, X[base[1]], ok[1]),
                        select(0.0, X[base[2]], ok[2]), select(0.0, X[base[3]], ok[3]));`;
  const dyLoad = vecO
    ? `let d = DY4[(p * uO) / 4u + o0 / 4u];`
    : `let d = vec4<f32>(DY[p * uO + o.x], DY[p * uO + o.y], DY[p * uO + o.z], DY[p * uO + o.w]);`;
  // With vec4 channels the four rows share one tap and read consecutive channels.
  const taps = vecC ? 1 : 4;
  return `${CONV_LAYOUT.wgsl}
@group(0) @binding(1) var<storage, read> X: array<${vecC ? 'vec4<f32>' : 'f32'}>;
@group(0) @binding(2) var<storage, read> ${vecO ? 'DY4: array<vec4<f32>>' : 'DY: array<f32>'};
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  ${CONV_LOCALS}
  let uC = u32(C); let uO = u32(O);
  let R = u32(KH * KW * C);
  let o0 = gid.x * 4u;
  let r0 = (gid.y + p_yBase()) * 4u;
  if (r0 >= R || o0 >= uO) { return; }
  let o = vec4<u32>(min(o0, uO - 1u), min(o0 + 1u, uO - 1u), min(o0 + 2u, uO - 1u), min(o0 + 3u, uO - 1u));
  var ty: array<i32, 4>; var tx: array<i32, 4>; var tc: array<i32, 4>;
  for (var i = 0u; i < 4u; i++) {
    let r = i32(min(r0 + i, R - 1u));
    tc[i] = r % C;
    tx[i] = ((r / C) % KW) * DW - PL;
    ty[i] = (r / (C * KW)) * DH - PT;
  }
  let start = gid.z * p_chunk();
  let end = min(start + p_chunk(), p_total());
  var acc: array<vec4<f32>, 4>;
  var base: array<u32, 4>;
  var ok: array<bool, 4>;
  var ox = i32(start) % OW;
  var oy = (i32(start) / OW) % OH;
  var b = i32(start) / (OW * OH);
  for (var p = start; p < end; p++) {
    for (var i = 0u; i < ${taps}u; i++) {
      let iy = oy * SH + ty[i];
      let ix = ox * SW + tx[i];
      ok[i] = iy >= 0 && iy < H && ix >= 0 && ix < W;
      base[i] = select(0u, u32(((b * H + iy) * W + ix) * C + tc[i]), ok[i]);
    }
    ${xLoad}
    ${dyLoad}
    acc[0] += a.x * d; acc[1] += a.y * d; acc[2] += a.z * d; acc[3] += a.w * d;
    ox++;
    if (ox == OW) { ox = 0; oy++; if (oy == OH) { oy = 0; b++; } }
  }
  let outBase = gid.z * R * uO;
  for (var i = 0u; i < 4u; i++) {
    if (r0 + i >= R) { break; }
    for (var j = 0u; j < 4u; j++) { if (o0 + j < uO) { Y[outBase + (r0 + i) * uO + o0 + j] = acc[i][j]; } }
  }
}`;
}
