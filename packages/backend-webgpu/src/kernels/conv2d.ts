import type { Conv2DInfo, FusedActivation, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { activationFunction } from './activation.js';
import { matmul } from './matmul.js';
import { deviceBytes } from './common.js';
import { CONV_LAYOUT, CONV_LOCALS, convUniforms, runRows } from './conv-geometry.js';

/**
 * conv2d as an implicit GEMM: rows are output pixels, columns output channels, and the
 * reduction runs over (ky, kx, c) reading the input directly (no im2col buffer). Each thread
 * owns 4 pixels x 4 channels in registers; channels are read as vec4 when C (input) or
 * O (filter rows) are multiples of 4.
 */
export function conv2d(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, filter: TensorInfo<GPUTensorBuffer>,
  conv: Conv2DInfo, bias?: TensorInfo<GPUTensorBuffer>, activation: FusedActivation = 'linear',
  variant: 'registers' | 'workgroup' = 'registers'): GPUTensorBuffer {
  const pixels = conv.batch * conv.outHeight * conv.outWidth;
  const O = conv.outChannels;
  const pointwise = conv.filterHeight === 1 && conv.filterWidth === 1 && conv.strideHeight === 1 && conv.strideWidth === 1 &&
    conv.padTop + conv.padBottom + conv.padLeft + conv.padRight === 0;
  if (pointwise) {
    // A 1x1 convolution is exactly [pixels, C] x [C, O].
    const C = conv.inChannels;
    return matmul(rt, {
      a: { ...x, shape: [1, pixels, C] }, b: { ...filter, shape: [1, C, O] },
      options: { transposeA: false, transposeB: false }, bias, activation, variant,
    });
  }
  const out = rt.allocate(deviceBytes(pixels * O));
  if (pixels * O === 0) return out;
  const vecC = conv.inChannels % 4 === 0;
  const vecO = O % 4 === 0;
  const hasBias = bias !== undefined;
  runRows(rt, `conv2d:${vecC ? 4 : 1}${vecO ? 4 : 1}:${hasBias ? 'b' : ''}:${activation}`,
    () => shader(vecC, vecO, hasBias, activation),
    [x.buffer, filter.buffer, ...(hasBias ? [bias.buffer] : []), out], (yBase) => convUniforms(conv, 0, 0, yBase),
    Math.ceil(O / 4 / 8), Math.ceil(pixels / 4 / 8));
  return out;
}

function shader(vecC: boolean, vecO: boolean, hasBias: boolean, activation: FusedActivation): string {
  const f = (name: string, vec: boolean) => `${name}: array<${vec ? 'vec4<f32>' : 'f32'}>`;
  const wRow = (r: string) => (vecO ? `F[(${r}) * (uO / 4u) + n0]` : `vec4<f32>(F[(${r}) * uO + n.x], F[(${r}) * uO + n.y], F[(${r}) * uO + n.z], F[(${r}) * uO + n.w])`);
  const inner = vecC
    ? `for (var c = 0u; c < uC; c += 4u) {
        let r = tap * uC + c;
        let w0 = ${wRow('r')}; let w1 = ${wRow('r + 1u')}; let w2 = ${wRow('r + 2u')}; let w3 = ${wRow('r + 3u')};
        for (var i = 0u; i < 4u; i++) {
          let a = select(vec4<f32>(0.0), X[(base[i] + c) / 4u], inside[i]);
          acc[i] += a.x * w0 + a.y * w1 + a.z * w2 + a.w * w3;
        }
      }`
    : `for (var c = 0u; c < uC; c++) {
        let w = ${wRow('tap * uC + c')};
        let a = vec4<f32>(select(0.0, X[base[0] + c], inside[0]), select(0.0, X[base[1] + c], inside[1]),
                          select(0.0, X[base[2] + c], inside[2]), select(0.0, X[base[3] + c], inside[3]));
        acc[0] += a.x * w; acc[1] += a.y * w; acc[2] += a.z * w; acc[3] += a.w * w;
      }`;
  const store = vecO
    ? `for (var i = 0u; i < 4u; i++) {
      if (m0 + i < M) { Y[((m0 + i) * uO) / 4u + n0] = act(acc[i]${hasBias ? ' + BIAS[n0]' : ''}); }
    }`
    : `${hasBias ? 'let bias = vec4<f32>(BIAS[n.x], BIAS[n.y], BIAS[n.z], BIAS[n.w]);' : ''}
    for (var i = 0u; i < 4u; i++) {
      if (m0 + i >= M) { break; }
      let v = act(acc[i]${hasBias ? ' + bias' : ''});
      for (var j = 0u; j < 4u; j++) { if (c0 + j < uO) { Y[(m0 + i) * uO + c0 + j] = v[j]; } }
    }`;
  let b = 1;
  return `${CONV_LAYOUT.wgsl}
@group(0) @binding(${b++}) var<storage, read> ${f('X', vecC)};
@group(0) @binding(${b++}) var<storage, read> ${f('F', vecO)};
${hasBias ? `@group(0) @binding(${b++}) var<storage, read> ${f('BIAS', vecO)};` : ''}
@group(0) @binding(${b++}) var<storage, read_write> ${f('Y', vecO)};
${activationFunction(activation)}
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  ${CONV_LOCALS}
  let uC = u32(C); let uO = u32(O);
  let M = u32(batch * OH * OW);
  let c0 = gid.x * 4u;
  let m0 = (gid.y + p_yBase()) * 4u;
  if (m0 >= M || c0 >= uO) { return; }
  let n0 = c0 / 4u;
  let n = vec4<u32>(min(c0, uO - 1u), min(c0 + 1u, uO - 1u), min(c0 + 2u, uO - 1u), min(c0 + 3u, uO - 1u));
  var by: array<i32, 4>; var bx: array<i32, 4>; var bb: array<i32, 4>;
  for (var i = 0u; i < 4u; i++) {
    let m = i32(min(m0 + i, M - 1u));
    bx[i] = (m % OW) * SW - PL;
    by[i] = ((m / OW) % OH) * SH - PT;
    bb[i] = m / (OW * OH);
  }
  var acc: array<vec4<f32>, 4>;
  var base: array<u32, 4>;
  var inside: array<bool, 4>;
  for (var ky = 0; ky < KH; ky++) {
    for (var kx = 0; kx < KW; kx++) {
      let tap = u32(ky * KW + kx);
      for (var i = 0u; i < 4u; i++) {
        let iy = by[i] + ky * DH;
        let ix = bx[i] + kx * DW;
        inside[i] = iy >= 0 && iy < H && ix >= 0 && ix < W;
        base[i] = select(0u, u32(((bb[i] * H + iy) * W + ix) * C), inside[i]);
      }
      ${inner}
    }
  }
  ${store}
}`;
}
