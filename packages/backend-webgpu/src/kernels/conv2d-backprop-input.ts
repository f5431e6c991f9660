import type { Conv2DInfo, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { deviceBytes } from './common.js';
import { CONV_LAYOUT, CONV_LOCALS, convUniforms, runRows } from './conv-geometry.js';

/**
 * Input gradient of conv2d, gathered (no atomics): dx[b, y, x, c] sums dy[b, oy, ox, o] *
 * filter[ky, kx, c, o] over the taps where y = oy*SH + ky*DH - PT exactly. Each thread owns
 * 4 pixels x 4 input channels; with O % 4 == 0 the o-loop reads vec4 of dy and of filter rows.
 */
export function conv2dBackpropInput(rt: GPURuntime, dy: TensorInfo<GPUTensorBuffer>, filter: TensorInfo<GPUTensorBuffer>,
  conv: Conv2DInfo): GPUTensorBuffer {
  const pixels = conv.batch * conv.inHeight * conv.inWidth;
  const C = conv.inChannels;
  const out = rt.allocate(deviceBytes(pixels * C));
  if (pixels * C === 0) return out;
  const vecO = conv.outChannels % 4 === 0;
  runRows(rt, `conv2d-dx:${vecO ? 4 : 1}`, () => shader(vecO), [dy.buffer, filter.buffer, out],
    (yBase) => convUniforms(conv, 0, 0, yBase), Math.ceil(C / 4 / 8), Math.ceil(pixels / 4 / 8));
  return out;
}

function shader(vecO: boolean): string {
  const t = vecO ? 'vec4<f32>' : 'f32';
  const inner = vecO
    ? `for (var o = 0u; o < uO; o += 4u) {
        let w0 = F[(tap * uC + c.x) * uO4 + o / 4u]; let w1 = F[(tap * uC + c.y) * uO4 + o / 4u];
        let w2 = F[(tap * uC + c.z) * uO4 + o / 4u]; let w3 = F[(tap * uC + c.w) * uO4 + o / 4u];
        for (var i = 0u; i < 4u; i++) {
          let a = select(vec4<f32>(0.0), DY[(base[i] + o) / 4u], hit[i]);
          acc[i] += vec4<f32>(dot(a, w0), dot(a, w1), dot(a, w2), dot(a, w3));
        }
      }`
    : `for (var o = 0u; o < uO; o++) {
        let w = vec4<f32>(F[(tap * uC + c.x) * uO + o], F[(tap * uC + c.y) * uO + o],
                          F[(tap * uC + c.z) * uO + o], F[(tap * uC + c.w) * uO + o]);
        let a = vec4<f32>(select(0.0, DY[base[0] + o], hit[0]), select(0.0, DY[base[1] + o], hit[1]),
                          select(0.0, DY[base[2] + o], hit[2]), select(0.0, DY[base[3] + o], hit[3]));
        acc[0] += a.x * w; acc[1] += a.y * w; acc[2] += a.z * w; acc[3] += a.w * w;
      }`;
  return `${CONV_LAYOUT.wgsl}
@group(0) @binding(1) var<storage, read> DY: array<${t}>;
@group(0) @binding(2) var<storage, read> F: array<${t}>;
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  ${CONV_LOCALS}
  let uC = u32(C); let uO = u32(O); let uO4 = uO / 4u;
  let M = u32(batch * H * W);
  let c0 = gid.x * 4u;
  let m0 = (gid.y + p_yBase()) * 4u;
  if (m0 >= M || c0 >= uC) { return; }
  let c = vec4<u32>(min(c0, uC - 1u), min(c0 + 1u, uC - 1u), min(c0 + 2u, uC - 1u), min(c0 + 3u, uC - 1u));
  var py: array<i32, 4>; var px: array<i32, 4>; var pb: array<i32, 4>;
  for (var i = 0u; i < 4u; i++) {
    let m = i32(min(m0 + i, M - 1u));
    px[i] = m % W + PL;
    py[i] = (m / W) % H + PT;
    pb[i] = m / (W * H);
  }
  var acc: array<vec4<f32>, 4>;
  var base: array<u32, 4>;
  var hit: array<bool, 4>;
  for (var ky = 0; ky < KH; ky++) {
    for (var kx = 0; kx < KW; kx++) {
      let tap = u32(ky * KW + kx);
      for (var i = 0u; i < 4u; i++) {
        let ty = py[i] - ky * DH;
        let tx = px[i] - kx * DW;
        let oy = ty / SH;
        let ox = tx / SW;
        hit[i] = ty >= 0 && tx >= 0 && oy * SH == ty && ox * SW == tx && oy < OH && ox < OW;
        base[i] = select(0u, u32(((pb[i] * OH + oy) * OW + ox) * O), hit[i]);
      }
      ${inner}
    }
  }
  for (var i = 0u; i < 4u; i++) {
    if (m0 + i >= M) { break; }
    for (var j = 0u; j < 4u; j++) { if (c0 + j < uC) { Y[(m0 + i) * uC + c0 + j] = acc[i][j]; } }
  }
}`;
}
