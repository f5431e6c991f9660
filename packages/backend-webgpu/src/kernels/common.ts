import type { DType } from '@tessera/tensor';

/** WGSL element type of each dtype's storage; bool is kept as u32 0/1 on the device. */
export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

/** Every dtype takes 4 bytes per element on the device. */
export function deviceBytes(size: number): number {
  return Math.max(size, 1) * 4;
}

/** Shader header for one thread per output element; `i` is the element index. */
export function main1d(sizeExpr: string, workgroup = 64): string {
  return `@compute @workgroup_size(${workgroup})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${workgroup}u;
  if (i >= ${sizeExpr}) { return; }`;
}

export function storage(binding: number, name: string, type: string, write = false): string {
  return `@group(0) @binding(${binding}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<${type}>;`;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = s; s *= shape[d]; }
  return strides;
}

/** Strides of `shape` as seen from a broadcast output of the same rank (0 on repeated axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  return outShape.map((n, d) => (shape[d] === 1 && n !== 1 ? 0 : strides[d]));
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bits of `value` as a `dtype` word (floats by IEEE bits, bools as 0/1). */
export function wordOf(value: number, dtype: DType): number {
  if (dtype === 'float32') return new Uint32Array(new Float32Array([value]).buffer)[0];
  if (dtype === 'bool') return value ? 1 : 0;
  return value | 0;
}

/**
 * Non-finite floats for shaders. Literals cannot spell them and constant expressions may not
 * evaluate to them, so they come from a private variable's bits at run time. NaN tests look at
 * the bits too: compilers for CPU adapters fold `x != x` to false.
 */
export const F32_SPECIALS = `var<private> F32_INF_BITS: u32 = 0x7f800000u;
var<private> F32_NAN_BITS: u32 = 0x7fc00000u;
fn f32_inf() -> f32 { return bitcast<f32>(F32_INF_BITS); }
fn f32_nan() -> f32 { return bitcast<f32>(F32_NAN_BITS); }
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`;
