import type { DType, TensorInfo } from '@tessera/tensor';
import { expect } from 'vitest';
import { createJsBackend, type JsBackend, type JsBuffer } from '../src/index.js';

export type Info = TensorInfo<JsBuffer>;

export function newBackend(): JsBackend {
  return createJsBackend();
}

/** A TensorInfo built by hand: the buffer written through the backend, plus shape and dtype. */
export function tensor(backend: JsBackend, values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Info {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`tensor: ${values.length} values for shape [${shape.join(',')}]`);
  const array = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values);
  return { buffer: backend.write(array, dtype), shape, dtype, size };
}

/** The values of a buffer as a plain number array. */
export function values(backend: JsBackend, buffer: JsBuffer, dtype: DType, size: number): number[] {
  return Array.from(backend.readSync(buffer, dtype, size));
}

/** A deterministic generator (mulberry32) of floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32-exact uniforms in [lo, hi). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): number[] {
  const next = rng(seed);
  return Array.from(Float32Array.from({ length: n }, () => lo + (hi - lo) * next()));
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + index[d];
  return flat;
}

/**
 * Elementwise |got - want| <= atol + rtol * |want|; NaN must match NaN and infinities must match
 * exactly. Reports the first offending index.
 */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): void {
  expect(got.length, 'length').toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g)
      : !Number.isFinite(w) ? g === w
        : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) expect.fail(`index ${i}: got ${g}, want ${w} (rtol ${rtol}, atol ${atol})`);
  }
}

/** Rounds like a Float32Array store, to compare float64 references with float32 results exactly. */
export function f32(values: readonly number[]): number[] {
  return Array.from(Float32Array.from(values));
}
