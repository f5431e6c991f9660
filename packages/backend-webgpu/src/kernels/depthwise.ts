import type { Conv2DInfo, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { deviceBytes, main1d } from './common.js';
import { CONV_LAYOUT, CONV_LOCALS, convUniforms } from './conv-geometry.js';
import { reduce } from './reduce.js';

/*
 * Depthwise convolution: output channel q = c * MULT + m reads input channel c only, and the
 * filter [kh, kw, C, MULT] flattened is [taps, C * MULT], so filter[tap, q] is the weight.
 * The three kernels are direct loops; the per-channel work is too small for GEMM blocking.
 */

/**
 * With one filter per channel (multiplier 1) and C % 4 == 0, channels are independent and
 * contiguous, so the same loops run on vec4 "channels": a quarter of the threads and vector
 * loads. `lanes` returns the element type and the geometry as the shader sees it.
 */
function lanes(conv: Conv2DInfo): { T: string; geometry: Conv2DInfo } {
  if (conv.channelMultiplier !== 1 || conv.inChannels % 4 !== 0) return { T: 'f32', geometry: conv };
  return { T: 'vec4<f32>', geometry: { ...conv, inChannels: conv.inChannels / 4, outChannels: conv.outChannels / 4 } };
}

const bindings = (T: string) => `@group(0) @binding(1) var<storage, read> P: array<${T}>;
@group(0) @binding(2) var<storage, read> Q: array<${T}>;
@group(0) @binding(3) var<storage, read_write> Y: array<${T}>;`;

export function depthwiseConv2d(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, filter: TensorInfo<GPUTensorBuffer>,
  conv: Conv2DInfo): GPUTensorBuffer {
  const size = conv.batch * conv.outHeight * conv.outWidth * conv.outChannels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const { T, geometry } = lanes(conv);
  // Each thread computes 4 horizontally adjacent outputs, so the index arithmetic and every
  // filter load are shared by four results.
  const threads = conv.batch * conv.outHeight * Math.ceil(conv.outWidth / 4) * geometry.outChannels;
  rt.run(`depthwise:${T}`, () => `${CONV_LAYOUT.wgsl}
${bindings(T)}
${main1d('p_batch() * p_OH() * ((p_OW() + 3u) / 4u) * p_O()')}
  ${CONV_LOCALS}
  let OW4 = (OW + 3) / 4;
  let q = i32(i) % O;
  let ox0 = ((i32(i) / O) % OW4) * 4;
  let oy = (i32(i) / (O * OW4)) % OH;
  let b = i32(i) / (O * OW4 * OH);
  let c = q / MULT;
  var acc: array<${T}, 4>;
  for (var ky = 0; ky < KH; ky++) {
    let iy = oy * SH + ky * DH - PT;
    if (iy < 0 || iy >= H) { continue; }
    let row = (b * H + iy) * W;
    for (var kx = 0; kx < KW; kx++) {
      let w = Q[(ky * KW + kx) * O + q];
      for (var t = 0; t < 4; t++) {
        let ix = (ox0 + t) * SW + kx * DW - PL;
        let v = P[select(0, (row + ix) * C + c, ix >= 0 && ix < W)];
        acc[t] += select(${T}(0.0), v, ix >= 0 && ix < W) * w;
      }
    }
  }
  for (var t = 0; t < 4; t++) {
    if (ox0 + t < OW) { Y[((b * OH + oy) * OW + ox0 + t) * O + q] = acc[t]; }
  }
}`, [x.buffer, filter.buffer, out], convUniforms(geometry), rt.groupsFor(threads));
  return out;
}

export function depthwiseConv2dBackpropInput(rt: GPURuntime, dy: TensorInfo<GPUTensorBuffer>,
  filter: TensorInfo<GPUTensorBuffer>, conv: Conv2DInfo): GPUTensorBuffer {
  const size = conv.batch * conv.inHeight * conv.inWidth * conv.inChannels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const { T, geometry } = lanes(conv);
  rt.run(`depthwise-dx:${T}`, () => `${CONV_LAYOUT.wgsl}
${bindings(T)}
${main1d('p_batch() * p_H() * p_W() * p_C()')}
  ${CONV_LOCALS}
  let c = i32(i) % C;
  let x = (i32(i) / C) % W;
  let y = (i32(i) / (C * W)) % H;
  let b = i32(i) / (C * W * H);
  var acc = ${T}(0.0);
  for (var ky = 0; ky < KH; ky++) {
    let ty = y + PT - ky * DH;
    let oy = ty / SH;
    if (ty < 0 || oy * SH != ty || oy >= OH) { continue; }
    for (var kx = 0; kx < KW; kx++) {
      let tx = x + PL - kx * DW;
      let ox = tx / SW;
      if (tx < 0 || ox * SW != tx || ox >= OW) { continue; }
      for (var m = 0; m < MULT; m++) {
        let q = c * MULT + m;
        acc += P[((b * OH + oy) * OW + ox) * O + q] * Q[(ky * KW + kx) * O + q];
      }
    }
  }
  Y[i] = acc;
}`, [dy.buffer, filter.buffer, out], convUniforms(geometry), rt.groupsFor(size / (T === 'f32' ? 1 : 4)));
  return out;
}

/** Output rows (b, oy) per partial sum of the filter gradient. */
const ROWS_PER_SPLIT = 16;

/**
 * Filter gradient: few outputs (taps x channels), each a sum over every output pixel. The
 * (b, oy) rows are split into chunks summed by separate threads (grid z), and the partial sums
 * are then added in a fixed order by the reduce kernel.
 */
export function depthwiseConv2dBackpropFilter(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>,
  dy: TensorInfo<GPUTensorBuffer>, conv: Conv2DInfo): GPUTensorBuffer {
  const size = conv.filterHeight * conv.filterWidth * conv.outChannels;
  if (size === 0) return rt.allocate(deviceBytes(0));
  const { T, geometry } = lanes(conv);
  const threads = size / (T === 'f32' ? 1 : 4);
  const rows = conv.batch * conv.outHeight;
  const splits = Math.max(1, Math.min(Math.ceil(rows / ROWS_PER_SPLIT), Math.ceil(4096 / threads), 256));
  const chunk = Math.ceil(rows / splits);
  const parts = rt.allocate(deviceBytes(size * splits));
  const [gx, gy] = rt.groupsFor(threads);
  rt.run(`depthwise-dw:${T}`, () => `${CONV_LAYOUT.wgsl}
${bindings(T)}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p_KH() * p_KW() * p_O()) { return; }
  ${CONV_LOCALS}
  let q = i32(i) % O;
  let tap = i32(i) / O;
  let kx = tap % KW;
  let ky = tap / KW;
  let c = q / MULT;
  let first = i32(gid.z * p_chunk());
  let last = min(first + i32(p_chunk()), batch * OH);
  var acc = ${T}(0.0);
  for (var row = first; row < last; row++) {
    let b = row / OH;
    let oy = row % OH;
    let iy = oy * SH + ky * DH - PT;
    if (iy < 0 || iy >= H) { continue; }
    for (var ox = 0; ox < OW; ox++) {
      let ix = ox * SW + kx * DW - PL;
      if (ix < 0 || ix >= W) { continue; }
      acc += P[((b * H + iy) * W + ix) * C + c] * Q[((b * OH + oy) * OW + ox) * O + q];
    }
  }
  Y[gid.z * p_KH() * p_KW() * u32(O) + i] = acc;
}`, [x.buffer, dy.buffer, parts], convUniforms(geometry, chunk, rows), [gx, gy, splits]);
  if (splits === 1) return parts;
  const out = reduce(rt, 'sum', { buffer: parts, shape: [splits, size], dtype: 'float32', size: splits * size },
    { outer: 1, reduce: splits, inner: size });
  rt.pool.release(parts);
  return out;
}
