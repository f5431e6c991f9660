import type { Conv2DInfo, Pool2DInfo } from '@tessera/tensor';

/** Padding as the core resolves it: TF 'same' / 'valid', or explicit [top, bottom, left, right]. */
export type Padding = 'same' | 'valid' | readonly [number, number, number, number];

export interface ConvGeometry {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels?: number;
  multiplier?: number;
  kernel: [number, number];
  strides?: [number, number];
  dilations?: [number, number];
  padding: Padding;
}

/** Output size and padding of one spatial axis, with TF 'same' semantics (extra pixel after). */
function axis(size: number, kernel: number, stride: number, dilation: number, padding: Padding, explicit: [number, number]): [number, number, number] {
  const effective = (kernel - 1) * dilation + 1;
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + effective - size, 0);
    return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  if (padding === 'valid') return [Math.floor((size - effective) / stride) + 1, 0, 0];
  return [Math.floor((size + explicit[0] + explicit[1] - effective) / stride) + 1, explicit[0], explicit[1]];
}

export function convInfo(g: ConvGeometry): Conv2DInfo {
  const [sh, sw] = g.strides ?? [1, 1];
  const [dh, dw] = g.dilations ?? [1, 1];
  const explicit = typeof g.padding === 'string' ? [0, 0, 0, 0] : g.padding;
  const [outHeight, padTop, padBottom] = axis(g.height, g.kernel[0], sh, dh, g.padding, [explicit[0], explicit[1]]);
  const [outWidth, padLeft, padRight] = axis(g.width, g.kernel[1], sw, dw, g.padding, [explicit[2], explicit[3]]);
  const multiplier = g.multiplier ?? 1;
  return {
    batch: g.batch, inHeight: g.height, inWidth: g.width, inChannels: g.inChannels,
    outHeight, outWidth, outChannels: g.outChannels ?? g.inChannels * multiplier,
    filterHeight: g.kernel[0], filterWidth: g.kernel[1], strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dw, padTop, padBottom, padLeft, padRight, channelMultiplier: multiplier,
  };
}

export function poolInfo(g: { batch: number; height: number; width: number; channels: number; window: [number, number]; strides: [number, number]; padding: Padding }): Pool2DInfo {
  const c = convInfo({ batch: g.batch, height: g.height, width: g.width, inChannels: g.channels, kernel: g.window, strides: g.strides, padding: g.padding });
  return {
    batch: g.batch, inHeight: g.height, inWidth: g.width, channels: g.channels,
    outHeight: c.outHeight, outWidth: c.outWidth, windowHeight: g.window[0], windowWidth: g.window[1],
    strideHeight: c.strideHeight, strideWidth: c.strideWidth,
    padTop: c.padTop, padBottom: c.padBottom, padLeft: c.padLeft, padRight: c.padRight,
  };
}

export function describeConv(c: Conv2DInfo): string {
  return `N${c.batch} ${c.inHeight}x${c.inWidth}x${c.inChannels} k${c.filterHeight}x${c.filterWidth}`
    + ` s${c.strideHeight},${c.strideWidth} d${c.dilationHeight},${c.dilationWidth}`
    + ` pad[${c.padTop},${c.padBottom},${c.padLeft},${c.padRight}] -> ${c.outHeight}x${c.outWidth}x${c.outChannels}`;
}

/** Input row of output row `o` at tap `f`, or -1 in the padding. */
function source(o: number, f: number, stride: number, pad: number, dilation: number, size: number): number {
  const i = o * stride - pad + f * dilation;
  return i >= 0 && i < size ? i : -1;
}

/** Direct 7-loop convolution in float64. */
export function referenceConv2d(x: readonly number[], w: readonly number[], c: Conv2DInfo): number[] {
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O, filterHeight: KH, filterWidth: KW } = c;
  const out = new Array<number>(N * OH * OW * O).fill(0);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) for (let o = 0; o < O; o++) {
    let s = 0;
    for (let fh = 0; fh < KH; fh++) for (let fw = 0; fw < KW; fw++) for (let ch = 0; ch < C; ch++) {
      const ih = source(oh, fh, c.strideHeight, c.padTop, c.dilationHeight, H);
      const iw = source(ow, fw, c.strideWidth, c.padLeft, c.dilationWidth, W);
      if (ih < 0 || iw < 0) continue;
      s += x[((n * H + ih) * W + iw) * C + ch] * w[((fh * KW + fw) * C + ch) * O + o];
    }
    out[((n * OH + oh) * OW + ow) * O + o] = s;
  }
  return out;
}

/**
 * dL/dx as a gather over the output pixels that read each input pixel: oh such that
 * oh * stride = ih + pad - fh * dilation.
 */
export function referenceConv2dBackpropInput(dy: readonly number[], w: readonly number[], c: Conv2DInfo): number[] {
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O, filterHeight: KH, filterWidth: KW } = c;
  const dx = new Array<number>(N * H * W * C).fill(0);
  for (let n = 0; n < N; n++) for (let ih = 0; ih < H; ih++) for (let iw = 0; iw < W; iw++) for (let ch = 0; ch < C; ch++) {
    let s = 0;
    for (let fh = 0; fh < KH; fh++) for (let fw = 0; fw < KW; fw++) {
      const th = ih + c.padTop - fh * c.dilationHeight;
      const tw = iw + c.padLeft - fw * c.dilationWidth;
      if (th < 0 || tw < 0 || th % c.strideHeight !== 0 || tw % c.strideWidth !== 0) continue;
      const oh = th / c.strideHeight;
      const ow = tw / c.strideWidth;
      if (oh >= OH || ow >= OW) continue;
      for (let o = 0; o < O; o++) s += dy[((n * OH + oh) * OW + ow) * O + o] * w[((fh * KW + fw) * C + ch) * O + o];
    }
    dx[((n * H + ih) * W + iw) * C + ch] = s;
  }
  return dx;
}

/** dL/dw[fh, fw, c, o] = Σ_{n, oh, ow} x[n, ih, iw, c] * dy[n, oh, ow, o], 7 loops. */
export function referenceConv2dBackpropFilter(x: readonly number[], dy: readonly number[], c: Conv2DInfo): number[] {
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O, filterHeight: KH, filterWidth: KW } = c;
  const dw = new Array<number>(KH * KW * C * O).fill(0);
  for (let fh = 0; fh < KH; fh++) for (let fw = 0; fw < KW; fw++) for (let ch = 0; ch < C; ch++) for (let o = 0; o < O; o++) {
    let s = 0;
    for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
      const ih = source(oh, fh, c.strideHeight, c.padTop, c.dilationHeight, H);
      const iw = source(ow, fw, c.strideWidth, c.padLeft, c.dilationWidth, W);
      if (ih < 0 || iw < 0) continue;
      s += x[((n * H + ih) * W + iw) * C + ch] * dy[((n * OH + oh) * OW + ow) * O + o];
    }
    dw[((fh * KW + fw) * C + ch) * O + o] = s;
  }
  return dw;
}

/** Depthwise convolution as a full convolution with a block-diagonal filter. */
export function depthwiseAsFullFilter(w: readonly number[], c: Conv2DInfo): number[] {
  const { inChannels: C, channelMultiplier: M, filterHeight: KH, filterWidth: KW } = c;
  const full = new Array<number>(KH * KW * C * C * M).fill(0);
  for (let t = 0; t < KH * KW; t++) for (let ch = 0; ch < C; ch++) for (let m = 0; m < M; m++) {
    full[(t * C + ch) * C * M + ch * M + m] = w[(t * C + ch) * M + m];
  }
  return full;
}

/** Reads the block diagonal of a full-filter gradient back into depthwise layout. */
export function depthwiseFromFullFilter(full: readonly number[], c: Conv2DInfo): number[] {
  const { inChannels: C, channelMultiplier: M, filterHeight: KH, filterWidth: KW } = c;
  const w = new Array<number>(KH * KW * C * M);
  for (let t = 0; t < KH * KW; t++) for (let ch = 0; ch < C; ch++) for (let m = 0; m < M; m++) {
    w[(t * C + ch) * M + m] = full[(t * C + ch) * C * M + ch * M + m];
  }
  return w;
}

/**
 * Central finite differences of L(v) = Σ f(v) * dy at a few coordinates of v. f is evaluated
 * through the backend in float32, so `h` must be large enough to beat float32 rounding.
 */
export function finiteDifferences(
  f: (v: number[]) => number[], v: readonly number[], dy: readonly number[], coordinates: readonly number[], h: number,
): number[] {
  const loss = (w: number[]) => f(w).reduce((s, y, i) => s + y * dy[i], 0);
  return coordinates.map((i) => {
    const plus = [...v];
    const minus = [...v];
    plus[i] += h;
    minus[i] -= h;
    return (loss(plus) - loss(minus)) / (2 * h);
  });
}

/** `count` coordinates spread over [0, n). */
export function someCoordinates(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * (n - 1)) / (count - 1)));
}
