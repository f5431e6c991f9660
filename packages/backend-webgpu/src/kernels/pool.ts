import type { Pool2DInfo, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, F32_SPECIALS, main1d } from './common.js';

const LAYOUT = uniformLayout({
  batch: 'u32', H: 'u32', W: 'u32', C: 'u32', OH: 'u32', OW: 'u32', KH: 'u32', KW: 'u32',
  SH: 'u32', SW: 'u32', PT: 'u32', PL: 'u32',
});

const LOCALS = `let H = i32(p_H()); let W = i32(p_W()); let C = i32(p_C()); let OH = i32(p_OH()); let OW = i32(p_OW());
  let KH = i32(p_KH()); let KW = i32(p_KW()); let SH = i32(p_SH()); let SW = i32(p_SW());
  let PT = i32(p_PT()); let PL = i32(p_PL());`;

/**
 * Channels are independent in pooling, so with C % 4 == 0 the kernels run on vec4 channels
 * (a quarter of the threads, vector loads); `lanes` gives the element type and geometry.
 */
function lanes(p: Pool2DInfo): { T: string; geometry: Pool2DInfo; div: number } {
  if (p.channels % 4 !== 0) return { T: 'f32', geometry: p, div: 1 };
  return { T: 'vec4<f32>', geometry: { ...p, channels: p.channels / 4 }, div: 4 };
}

const bindings2 = (T: string) => `@group(0) @binding(1) var<storage, read> P: array<${T}>;
@group(0) @binding(2) var<storage, read_write> Y: array<${T}>;`;
const BINDINGS3 = `@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read> Q: array<f32>;
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;`;

function uniforms(p: Pool2DInfo): Uint32Array {
  return LAYOUT.pack({
    batch: p.batch, H: p.inHeight, W: p.inWidth, C: p.channels, OH: p.outHeight, OW: p.outWidth,
    KH: p.windowHeight, KW: p.windowWidth, SH: p.strideHeight, SW: p.strideWidth, PT: p.padTop, PL: p.padLeft,
  });
}

/** Decomposes output index i into (b, oy, ox, c) and the window's top-left input cell. */
const OUT_INDEX = `let c = i32(i) % C;
  let ox = (i32(i) / C) % OW;
  let oy = (i32(i) / (C * OW)) % OH;
  let b = i32(i) / (C * OW * OH);
  let y0 = oy * SH - PT;
  let x0 = ox * SW - PL;`;

/** Window of output (oy, ox) clipped to the input: rows [ya, yb), columns [xa, xb). */
const CLIP = `let ya = max(y0, 0); let yb = min(y0 + KH, H);
  let xa = max(x0, 0); let xb = min(x0 + KW, W);`;

export function maxPool(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, pool: Pool2DInfo): GPUTensorBuffer {
  const size = pool.batch * pool.outHeight * pool.outWidth * pool.channels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const { T, geometry, div } = lanes(pool);
  rt.run(`maxpool:${T}`, () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${bindings2(T)}
fn nan_(x: ${T}) -> ${T === 'f32' ? 'bool' : 'vec4<bool>'} {
  return (bitcast<${T === 'f32' ? 'u32' : 'vec4<u32>'}>(x) & ${T === 'f32' ? '0x7fffffffu' : 'vec4<u32>(0x7fffffffu)'}) > ${T === 'f32' ? '0x7f800000u' : 'vec4<u32>(0x7f800000u)'};
}
${main1d('p_batch() * p_OH() * p_OW() * p_C()')}
  ${LOCALS}
  ${OUT_INDEX}
  ${CLIP}
  var best = ${T}(-f32_inf());
  for (var y = ya; y < yb; y++) {
    for (var x = xa; x < xb; x++) {
      let v = P[((b * H + y) * W + x) * C + c];
      best = select(best, v, (v > best) | nan_(v));
    }
  }
  Y[i] = best;
}`, [x.buffer, out], uniforms(geometry), rt.groupsFor(size / div));
  return out;
}

export function avgPool(rt: GPURuntime, x: TensorInfo<GPUTensorBuffer>, pool: Pool2DInfo): GPUTensorBuffer {
  const size = pool.batch * pool.outHeight * pool.outWidth * pool.channels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const { T, geometry, div } = lanes(pool);
  rt.run(`avgpool:${T}`, () => `${LAYOUT.wgsl}
${bindings2(T)}
${main1d('p_batch() * p_OH() * p_OW() * p_C()')}
  ${LOCALS}
  ${OUT_INDEX}
  ${CLIP}
  var acc = ${T}(0.0);
  for (var y = ya; y < yb; y++) {
    for (var x = xa; x < xb; x++) { acc += P[((b * H + y) * W + x) * C + c]; }
  }
  Y[i] = acc / f32(max((yb - ya) * (xb - xa), 1));
}`, [x.buffer, out], uniforms(geometry), rt.groupsFor(size / div));
  return out;
}

/** Outputs whose window covers input row/column v: [lo, hi] along one axis. */
const COVER = `fn cover(v: i32, pad: i32, k: i32, s: i32, n: i32) -> vec2<i32> {
  let t = v + pad;
  let lo = select(0, (t - k + s) / s, t - k + 1 > 0);
  return vec2<i32>(lo, min(t / s, n - 1));
}`;

/**
 * Max-pool gradient, gathered: each input cell sums dy over the windows covering it whose
 * FIRST maximum (row-major within the window) is that cell, recomputed per window.
 */
export function maxPoolBackprop(rt: GPURuntime, dy: TensorInfo<GPUTensorBuffer>, x: TensorInfo<GPUTensorBuffer>,
  pool: Pool2DInfo): GPUTensorBuffer {
  const size = pool.batch * pool.inHeight * pool.inWidth * pool.channels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  rt.run('maxpool-dx', () => `${LAYOUT.wgsl}
${F32_SPECIALS}
${BINDINGS3}
${COVER}
${main1d('p_batch() * p_H() * p_W() * p_C()')}
  ${LOCALS}
  let c = i32(i) % C;
  let px = (i32(i) / C) % W;
  let py = (i32(i) / (C * W)) % H;
  let b = i32(i) / (C * W * H);
  let ry = cover(py, PT, KH, SH, OH);
  let rx = cover(px, PL, KW, SW, OW);
  var acc = 0.0;
  for (var oy = ry.x; oy <= ry.y; oy++) {
    for (var ox = rx.x; ox <= rx.y; ox++) {
      let y0 = oy * SH - PT;
      let x0 = ox * SW - PL;
      ${CLIP}
      var best = -f32_inf();
      var by = -1; var bx = -1;
      for (var y = ya; y < yb; y++) {
        for (var x = xa; x < xb; x++) {
          let v = Q[((b * H + y) * W + x) * C + c];
          if (v > best || (by < 0 && isnan_(v))) { best = v; by = y; bx = x; }
        }
      }
      if (by == py && bx == px) { acc += P[((b * OH + oy) * OW + ox) * C + c]; }
    }
  }
  Y[i] = acc;
}`, [dy.buffer, x.buffer, out], uniforms(pool), rt.groupsFor(size));
  return out;
}

export function avgPoolBackprop(rt: GPURuntime, dy: TensorInfo<GPUTensorBuffer>, pool: Pool2DInfo): GPUTensorBuffer {
  const size = pool.batch * pool.inHeight * pool.inWidth * pool.channels;
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const { T, geometry, div } = lanes(pool);
  rt.run(`avgpool-dx:${T}`, () => `${LAYOUT.wgsl}
${bindings2(T)}
${COVER}
${main1d('p_batch() * p_H() * p_W() * p_C()')}
  ${LOCALS}
  let c = i32(i) % C;
  let px = (i32(i) / C) % W;
  let py = (i32(i) / (C * W)) % H;
  let b = i32(i) / (C * W * H);
  let ry = cover(py, PT, KH, SH, OH);
  let rx = cover(px, PL, KW, SW, OW);
  var acc = ${T}(0.0);
  for (var oy = ry.x; oy <= ry.y; oy++) {
    for (var ox = rx.x; ox <= rx.y; ox++) {
      let y0 = oy * SH - PT;
      let x0 = ox * SW - PL;
      ${CLIP}
      acc += P[((b * OH + oy) * OW + ox) * C + c] / f32(max((yb - ya) * (xb - xa), 1));
    }
  }
  Y[i] = acc;
}`, [dy.buffer, out], uniforms(geometry), rt.groupsFor(size / div));
  return out;
}
