import type { DType, TensorInfo, TypedArray } from '@tessera/tensor';
import type { GPUTensorBuffer, WebGPUBackend } from '../../src/index.js';

export class CheckError extends Error {}

export function fmt(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

/** |got - want| <= atol + rtol * |want| elementwise; NaN must meet NaN, infinities must match. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, label: string,
  tol: { rtol?: number; atol?: number } = {}): void {
  const rtol = tol.rtol ?? 1e-5, atol = tol.atol ?? 1e-6;
  if (got.length !== want.length) throw new CheckError(`${label}: length ${got.length} != ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= atol + rtol * Math.abs(w)) continue;
    throw new CheckError(`${label}: element ${i} got ${fmt(g)} want ${fmt(w)}`);
  }
}

export function expectEqual(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  if (got.length !== want.length) throw new CheckError(`${label}: length ${got.length} != ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], want[i]) && !(got[i] === want[i])) {
      throw new CheckError(`${label}: element ${i} got ${fmt(got[i])} want ${fmt(want[i])}`);
    }
  }
}

export function expectTrue(cond: unknown, message: string): void {
  if (!cond) throw new CheckError(message);
}

/** Uploads a typed array as a tensor of the given shape. */
export function tensor(backend: WebGPUBackend, values: ArrayLike<number>, shape: readonly number[],
  dtype: DType = 'float32'): TensorInfo<GPUTensorBuffer> {
  const data: TypedArray = dtype === 'float32' ? Float32Array.from(values)
    : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values);
  return { buffer: backend.write(data, dtype), shape, dtype, size: data.length };
}

export function info(buffer: GPUTensorBuffer, shape: readonly number[], dtype: DType = 'float32'): TensorInfo<GPUTensorBuffer> {
  return { buffer, shape, dtype, size: shape.reduce((a, b) => a * b, 1) };
}

/** Reads and frees a result buffer. */
export async function take(backend: WebGPUBackend, buffer: GPUTensorBuffer, size: number, dtype: DType = 'float32'): Promise<TypedArray> {
  const out = await backend.read(buffer, dtype, size);
  backend.free(buffer);
  return out;
}

export function free(backend: WebGPUBackend, ...xs: TensorInfo<GPUTensorBuffer>[]): void {
  for (const x of xs) backend.free(x.buffer);
}

/** Deterministic pseudo-random floats in [lo, hi) (a small LCG; the tests own their data). */
export function randoms(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 4294967296) * (hi - lo);
  }
  return out;
}
