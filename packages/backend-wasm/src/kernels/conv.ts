import type { Conv2DInfo, FusedActivation, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { ACTIVATION_CODES } from './codes.js';
import { fillInto } from './elementwise.js';
import { A_DENSE, A_IM2COL, A_IM2COL_T, B_DENSE, B_FLIPPED, gemm } from './gemm.js';
import { convGeometry, writeGeometry, type Geometry } from './geometry.js';
import { filterGradC1, filterGradC1Fits } from './filter-grad-c1.js';
import { winograd, winogradFilterGrad, winogradFits } from './winograd.js';

type T = TensorInfo<WasmBuffer>;

/**
 * conv2d as one GEMM: out[pixel, o] = im2col(x)[pixel, (ky, kx, c)] . W[(ky, kx, c), o], with the
 * im2col rows packed straight from the NHWC input (never materialised); the HWIO filter already
 * is the `[kh*kw*C, O]` matrix.
 */
export function conv2d(ctx: KernelContext, x: T, filter: T, c: Conv2DInfo, bias?: T, activation: FusedActivation = 'linear'): WasmBuffer {
  const pixels = c.batch * c.outHeight * c.outWidth;
  const out = ctx.output(pixels * c.outChannels, 'float32', bias ? 'fusedConv2d' : 'conv2d');
  const geometry = convGeometry(c);
  if (winogradFits(c.inChannels, c.outChannels, geometry)) {
    winograd(ctx, x, filter, out, geometry, c.outChannels, false, bias, activation);
    return out;
  }
  const k = c.filterHeight * c.filterWidth * c.inChannels;
  gemm(ctx, {
    m: pixels, n: c.outChannels, k, batch: 1,
    a: { kind: A_IM2COL, ptr: x.buffer.ptr, rs: 0, cs: 0, bs: 0 },
    b: { kind: B_DENSE, ptr: filter.buffer.ptr, rs: c.outChannels, cs: 1, bs: 0, count: 1 },
    c: { ptr: out.ptr, ldc: c.outChannels, bs: 0 },
    bias: bias ? bias.buffer.ptr : 0,
    activation: ACTIVATION_CODES[activation],
    geometry,
  }, 'conv2d');
  return out;
}

const PADDED_DX_MAX = 1.25;

/**
 * Input gradient. Stride 1: a convolution of dy with the spatially flipped, in/out-swapped
 * filter (implicit im2col of dy, padding (k-1)*dilation - pad). Larger strides (and heavily
 * padded stride 1): one GEMM dy . W^T into im2col-shaped scratch, then col2im gathers it per
 * input pixel.
 */
export function conv2dBackpropInput(ctx: KernelContext, dy: T, filter: T, c: Conv2DInfo): WasmBuffer {
  const size = c.batch * c.inHeight * c.inWidth * c.inChannels;
  const dx = ctx.output(size, 'float32', 'conv2dBackpropInput');
  if (size === 0) return dx;
  const taps = c.filterHeight * c.filterWidth;
  if (taps * c.outChannels === 0) {
    fillInto(ctx, dx.ptr, size, 0, 'float32');
    return dx;
  }
  // Stride 1 reads dy in place as a convolution over the padded dy; when that padding is a
  // large share of the work ('valid' convolutions of small images: 13x13 from 11x11 is 40% more
  // pixel-taps than there are products), the GEMM + col2im below is cheaper.
  const padded = (c.inHeight * c.inWidth) / (c.outHeight * c.outWidth);
  // Stride 1: a correlation of dy with the flipped filter over the padded dy.
  const flipped: Geometry = {
    batch: c.batch, inH: c.outHeight, inW: c.outWidth, inC: c.outChannels, outH: c.inHeight, outW: c.inWidth,
    kH: c.filterHeight, kW: c.filterWidth, sH: 1, sW: 1, dH: c.dilationHeight, dW: c.dilationWidth,
    padT: (c.filterHeight - 1) * c.dilationHeight - c.padTop, padL: (c.filterWidth - 1) * c.dilationWidth - c.padLeft,
  };
  if (c.strideHeight === 1 && c.strideWidth === 1 && winogradFits(c.outChannels, c.inChannels, flipped)) {
    winograd(ctx, dy, filter, dx, flipped, c.inChannels, true);
    return dx;
  }
  if (c.strideHeight === 1 && c.strideWidth === 1 && padded <= PADDED_DX_MAX) {
    gemm(ctx, {
      m: c.batch * c.inHeight * c.inWidth, n: c.inChannels, k: taps * c.outChannels, batch: 1,
      a: { kind: A_IM2COL, ptr: dy.buffer.ptr, rs: 0, cs: 0, bs: 0 },
      b: { kind: B_FLIPPED, ptr: filter.buffer.ptr, rs: 0, cs: 0, bs: 0, count: 1 },
      c: { ptr: dx.ptr, ldc: c.inChannels, bs: 0 },
      bias: 0,
      activation: 0,
      geometry: flipped,
    }, 'conv2dBackpropInput');
    return dx;
  }
  const pixels = c.batch * c.outHeight * c.outWidth;
  const kcol = taps * c.inChannels;
  const col = ctx.temp(pixels * kcol * 4, 'conv2dBackpropInput');
  try {
    gemm(ctx, {
      m: pixels, n: kcol, k: c.outChannels, batch: 1,
      a: { kind: A_DENSE, ptr: dy.buffer.ptr, rs: c.outChannels, cs: 1, bs: 0 },
      b: { kind: B_DENSE, ptr: filter.buffer.ptr, rs: 1, cs: c.outChannels, bs: 0, count: 1 },
      c: { ptr: col, ldc: kcol, bs: 0 },
      bias: 0,
      activation: 0,
    }, 'conv2dBackpropInput');
    const { rt } = ctx;
    const w = rt.args();
    const a = rt.argBase;
    w[a] = col;
    w[a + 1] = dx.ptr;
    writeGeometry(rt, convGeometry(c));
    rt.run('col2im', size >= 32768);
  } finally {
    ctx.release(col);
  }
  return dx;
}

/**
 * Filter gradient: dW[(ky, kx, c), o] = im2col(x)^T . dy, reducing over every output pixel (3x3
 * stride 1 with channel counts in multiples of 4: Winograd F(3x3, 2x2) instead; a single input
 * channel: dy read in place, filter-grad-c1.ts).
 */
export function conv2dBackpropFilter(ctx: KernelContext, x: T, dy: T, c: Conv2DInfo): WasmBuffer {
  const k = c.filterHeight * c.filterWidth * c.inChannels;
  const dw = ctx.output(k * c.outChannels, 'float32', 'conv2dBackpropFilter');
  const geometry = convGeometry(c);
  if (winogradFits(c.inChannels, c.outChannels, geometry, Infinity)) {
    winogradFilterGrad(ctx, x, dy, dw, geometry, c.outChannels);
    return dw;
  }
  if (filterGradC1Fits(c.inChannels, c.outChannels)) {
    filterGradC1(ctx, x, dy, dw, geometry, c.outChannels);
    return dw;
  }
  gemm(ctx, {
    m: k, n: c.outChannels, k: c.batch * c.outHeight * c.outWidth, batch: 1,
    a: { kind: A_IM2COL_T, ptr: x.buffer.ptr, rs: 0, cs: 0, bs: 0 },
    b: { kind: B_DENSE, ptr: dy.buffer.ptr, rs: c.outChannels, cs: 1, bs: 0, count: 1 },
    c: { ptr: dw.ptr, ldc: c.outChannels, bs: 0 },
    bias: 0,
    activation: 0,
    geometry,
  }, 'conv2dBackpropFilter');
  return dw;
}
