import type { Conv2DInfo, Pool2DInfo } from '../../backend/backend.js';
import { fail, fmtShape } from '../../errors.js';

/** 'same' / 'valid' (TensorFlow), one amount for all sides, or [[top, bottom], [left, right]]. */
export type Padding = 'same' | 'valid' | number | readonly [readonly [number, number], readonly [number, number]];

export function pair(op: string, name: string, value: number | readonly number[] | undefined, fallback: number): [number, number] {
  const v = value ?? fallback;
  const p = typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || !p.every((x) => Number.isInteger(x) && x >= 1)) {
    fail(op, `${name} must be a positive integer or [height, width], got ${JSON.stringify(value)}`);
  }
  return [p[0], p[1]];
}

interface Pads { top: number; bottom: number; left: number; right: number; outH: number; outW: number }

/**
 * Output size and padding per TensorFlow: 'same' gives ceil(in / stride) with the odd pixel of
 * padding at the bottom/right; 'valid' uses no padding.
 */
export function resolvePadding(op: string, padding: Padding, inH: number, inW: number,
  effKH: number, effKW: number, sH: number, sW: number): Pads {
  if (padding === 'same') {
    const outH = Math.ceil(inH / sH), outW = Math.ceil(inW / sW);
    const padH = Math.max((outH - 1) * sH + effKH - inH, 0);
    const padW = Math.max((outW - 1) * sW + effKW - inW, 0);
    const top = Math.floor(padH / 2), left = Math.floor(padW / 2);
    return { top, bottom: padH - top, left, right: padW - left, outH, outW };
  }
  let top = 0, bottom = 0, left = 0, right = 0;
  if (typeof padding === 'number') {
    if (!Number.isInteger(padding) || padding < 0) fail(op, `padding must be a non-negative integer, got ${padding}`);
    top = bottom = left = right = padding;
  } else if (Array.isArray(padding)) {
    const ok = padding.length === 2 && padding.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
    if (!ok) fail(op, `explicit padding must be [[top, bottom], [left, right]] of non-negative integers, got ${JSON.stringify(padding)}`);
    [[top, bottom], [left, right]] = padding;
  } else if (padding !== 'valid') {
    fail(op, `padding must be 'same', 'valid', an integer or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`);
  }
  const outH = Math.floor((inH + top + bottom - effKH) / sH) + 1;
  const outW = Math.floor((inW + left + right - effKW) / sW) + 1;
  if (outH <= 0 || outW <= 0) {
    fail(op, `the window (${effKH}x${effKW} with dilation) is larger than the padded input (${inH + top + bottom}x${inW + left + right})`);
  }
  return { top, bottom, left, right, outH, outW };
}

export interface ConvOptions {
  readonly strides?: number | readonly [number, number];
  readonly padding?: Padding;
  readonly dilations?: number | readonly [number, number];
}

/**
 * Checks an NHWC input against an HWIO (or depthwise `[kh, kw, C, M]`) filter and resolves the
 * full geometry the kernels take.
 */
export function convInfo(op: string, xShape: readonly number[], filterShape: readonly number[],
  options: ConvOptions, depthwise = false): Conv2DInfo {
  if (xShape.length !== 4) fail(op, `input must be 4-D NHWC [batch, height, width, channels], got ${fmtShape(xShape)}`);
  if (filterShape.length !== 4) {
    fail(op, `filter must be 4-D ${depthwise ? '[kh, kw, in, multiplier]' : 'HWIO [kh, kw, in, out]'}, got ${fmtShape(filterShape)}`);
  }
  const [batch, inH, inW, inC] = xShape;
  const [kh, kw, fc, fo] = filterShape;
  if (fc !== inC) fail(op, `filter in-channels ${fc} != input channels ${inC} (input ${fmtShape(xShape)}, filter ${fmtShape(filterShape)})`);
  const [sH, sW] = pair(op, 'strides', options.strides, 1);
  const [dH, dW] = pair(op, 'dilations', options.dilations, 1);
  if ((sH > 1 || sW > 1) && (dH > 1 || dW > 1)) {
    fail(op, `strides ${JSON.stringify([sH, sW])} > 1 together with dilations ${JSON.stringify([dH, dW])} > 1 are not supported (as in TensorFlow)`);
  }
  const effKH = (kh - 1) * dH + 1, effKW = (kw - 1) * dW + 1;
  const pads = resolvePadding(op, options.padding ?? 'valid', inH, inW, effKH, effKW, sH, sW);
  return {
    batch, inHeight: inH, inWidth: inW, inChannels: inC,
    outHeight: pads.outH, outWidth: pads.outW, outChannels: depthwise ? inC * fo : fo,
    filterHeight: kh, filterWidth: kw, strideHeight: sH, strideWidth: sW,
    dilationHeight: dH, dilationWidth: dW,
    padTop: pads.top, padBottom: pads.bottom, padLeft: pads.left, padRight: pads.right,
    channelMultiplier: depthwise ? fo : 1,
  };
}

export interface PoolOptions {
  /** Window size; `ksize` is accepted as an alias (TensorFlow). */
  readonly poolSize?: number | readonly [number, number];
  readonly ksize?: number | readonly [number, number];
  /** Defaults to the window size (Keras). */
  readonly strides?: number | readonly [number, number];
  readonly padding?: Padding;
}

export function poolInfo(op: string, xShape: readonly number[], options: PoolOptions): Pool2DInfo {
  if (xShape.length !== 4) fail(op, `input must be 4-D NHWC [batch, height, width, channels], got ${fmtShape(xShape)}`);
  const [batch, inH, inW, channels] = xShape;
  const window = options.poolSize ?? options.ksize;
  if (window === undefined) fail(op, 'poolSize is required');
  const [wH, wW] = pair(op, 'poolSize', window, 1);
  const [sH, sW] = pair(op, 'strides', options.strides ?? window, 1);
  const pads = resolvePadding(op, options.padding ?? 'valid', inH, inW, wH, wW, sH, sW);
  return {
    batch, inHeight: inH, inWidth: inW, channels, outHeight: pads.outH, outWidth: pads.outW,
    windowHeight: wH, windowWidth: wW, strideHeight: sH, strideWidth: sW,
    padTop: pads.top, padBottom: pads.bottom, padLeft: pads.left, padRight: pads.right,
  };
}
