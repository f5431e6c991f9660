import { fail } from '@tessera/tensor';
import type { SafetensorsTensor } from './safetensors.js';

/** Conversions between typed values and the little-endian bytes of safetensors tensors. */

const OP = 'safetensors';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Little-endian float32 bytes of values. */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const f = Float32Array.from(values);
  if (LITTLE_ENDIAN) return new Uint8Array(f.buffer);
  const out = new Uint8Array(f.length * 4);
  const dv = new DataView(out.buffer);
  f.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return out;
}

export function int32Bytes(values: ArrayLike<number>): Uint8Array {
  const a = Int32Array.from(values);
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer);
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  a.forEach((v, i) => dv.setInt32(i * 4, v, true));
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * A tensor's values as float32 (floating dtypes, widened or narrowed) or int32 (integer and
 * bool dtypes; 64-bit integers must fit in int32).
 */
export function tensorValues(name: string, t: SafetensorsTensor): { dtype: 'float32' | 'int32'; values: Float32Array | Int32Array } {
  const n = elementCount(t.shape);
  const dv = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  switch (t.dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN && t.bytes.byteOffset % 4 === 0) return { dtype: 'float32', values: new Float32Array(t.bytes.buffer.slice(t.bytes.byteOffset, t.bytes.byteOffset + n * 4)) };
      return { dtype: 'float32', values: Float32Array.from({ length: n }, (_, i) => dv.getFloat32(i * 4, true)) };
    }
    case 'F64': return { dtype: 'float32', values: Float32Array.from({ length: n }, (_, i) => dv.getFloat64(i * 8, true)) };
    case 'F16': return { dtype: 'float32', values: Float32Array.from({ length: n }, (_, i) => halfToFloat(dv.getUint16(i * 2, true))) };
    case 'BF16': {
      const out = new Float32Array(n);
      const view = new DataView(out.buffer);
      for (let i = 0; i < n; i++) view.setUint32(i * 4, dv.getUint16(i * 2, true) << 16, true);
      if (!LITTLE_ENDIAN) return { dtype: 'float32', values: Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true)) };
      return { dtype: 'float32', values: out };
    }
    case 'I32': return { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => dv.getInt32(i * 4, true)) };
    case 'U32': case 'I64': case 'U64': {
      const wide = t.dtype === 'U32' ? (i: number) => BigInt(dv.getUint32(i * 4, true))
        : t.dtype === 'I64' ? (i: number) => dv.getBigInt64(i * 8, true) : (i: number) => dv.getBigUint64(i * 8, true);
      return {
        dtype: 'int32',
        values: Int32Array.from({ length: n }, (_, i) => {
          const v = wide(i);
          if (v > 2147483647n || v < -2147483648n) fail(OP, `tensor "${name}" value ${v} at index ${i} does not fit in int32`);
          return Number(v);
        }),
      };
    }
    case 'I16': return { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => dv.getInt16(i * 2, true)) };
    case 'U16': return { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => dv.getUint16(i * 2, true)) };
    case 'I8': return { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => dv.getInt8(i)) };
    case 'U8': case 'BOOL': return { dtype: 'int32', values: Int32Array.from(t.bytes) };
  }
}
