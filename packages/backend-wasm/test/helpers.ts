import type { Conv2DInfo, DType, Pool2DInfo, TensorInfo, TypedArray } from '@tessera/tensor';
import { expect } from 'vitest';
import { createWasmBackend, type WasmBackend, type WasmBackendOptions, type WasmBuffer } from '../src/index.js';

export type T = TensorInfo<WasmBuffer>;

/** A ready backend; tests dispose it in afterAll. */
export async function backend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const be = createWasmBackend({ threads: 2, ...options });
  await be.ready();
  return be;
}

export function tensor(be: WasmBackend, values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): T {
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values);
  return { buffer: be.write(data, dtype), shape, dtype, size: data.length };
}

export function info(buffer: WasmBuffer, shape: readonly number[], dtype: DType = 'float32'): T {
  return { buffer, shape, dtype, size: shape.reduce((a, b) => a * b, 1) };
}

export function read(be: WasmBackend, t: T): TypedArray {
  return be.readSync(t.buffer, t.dtype, t.size);
}

export function readBuf(be: WasmBackend, b: WasmBuffer, size: number, dtype: DType = 'float32'): TypedArray {
  return be.readSync(b, dtype, size);
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** |got - want| <= atol + rtol |want| elementwise, NaN matching NaN, with the first offender in the message. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) expect.fail(`index ${i}: got ${g}, want NaN`);
      continue;
    }
    if (g === w) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) expect.fail(`index ${i}: got ${g}, want ${w}`);
  }
}

export function expectBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  const a = new Uint32Array(Float32Array.from(got).buffer);
  const b = new Uint32Array(Float32Array.from(want).buffer);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect.fail(`index ${i}: bits ${a[i]} != ${b[i]} (${got[i]} vs ${want[i]})`);
}

export interface ConvSpec {
  x: [number, number, number, number];
  k: [number, number];
  inC?: number;
  outC: number;
  stride?: [number, number];
  dilation?: [number, number];
  pad?: [number, number, number, number] | 'same' | 'valid';
  multiplier?: number;
}

function samePad(size: number, k: number, s: number, d: number): [number, number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + (k - 1) * d + 1 - size, 0);
  return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Resolves a convolution like the core does (TensorFlow 'same': the extra pixel at the end). */
export function convInfo(spec: ConvSpec): Conv2DInfo {
  const [batch, inHeight, inWidth, inChannels] = spec.x;
  const [kh, kw] = spec.k;
  const [sh, sw] = spec.stride ?? [1, 1];
  const [dh, dw] = spec.dilation ?? [1, 1];
  let pads: [number, number, number, number];
  let outHeight: number, outWidth: number;
  if (spec.pad === 'same') {
    const [oh, t, b] = samePad(inHeight, kh, sh, dh);
    const [ow, l, r] = samePad(inWidth, kw, sw, dw);
    pads = [t, b, l, r];
    outHeight = oh;
    outWidth = ow;
  } else {
    pads = spec.pad === 'valid' || spec.pad === undefined ? [0, 0, 0, 0] : spec.pad;
    outHeight = Math.floor((inHeight + pads[0] + pads[1] - dh * (kh - 1) - 1) / sh) + 1;
    outWidth = Math.floor((inWidth + pads[2] + pads[3] - dw * (kw - 1) - 1) / sw) + 1;
  }
  const multiplier = spec.multiplier ?? 1;
  return {
    batch, inHeight, inWidth, inChannels, outHeight, outWidth,
    outChannels: spec.multiplier ? inChannels * multiplier : spec.outC,
    filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dw,
    padTop: pads[0], padBottom: pads[1], padLeft: pads[2], padRight: pads[3],
    channelMultiplier: multiplier,
  };
}

export function poolInfo(x: [number, number, number, number], win: [number, number], stride: [number, number],
  pad: 'same' | 'valid' | [number, number, number, number]): Pool2DInfo {
  const c = convInfo({ x, k: win, outC: x[3], stride, pad });
  return {
    batch: c.batch, inHeight: c.inHeight, inWidth: c.inWidth, channels: x[3], outHeight: c.outHeight, outWidth: c.outWidth,
    windowHeight: win[0], windowWidth: win[1], strideHeight: stride[0], strideWidth: stride[1],
    padTop: c.padTop, padBottom: c.padBottom, padLeft: c.padLeft, padRight: c.padRight,
  };
}
