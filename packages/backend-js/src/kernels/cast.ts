import type { DType, TypedArray } from '@tessera/tensor';

/**
 * Converts between dtypes. float32 -> int32 truncates toward zero (an Int32Array store: NaN and
 * infinities give 0, values beyond the int32 range wrap); anything -> bool is `value != 0`
 * (NaN is true); bool -> anything is 0/1.
 */
export function cast(x: TypedArray, size: number, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = x[i];
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = x[i];
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = x[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}
