/** Element types. Row-major, contiguous storage; `bool` is stored as 0/1 bytes. */
export type DType = 'float32' | 'int32' | 'bool';

export type TypedArray = Float32Array | Int32Array | Uint8Array;

export type DataTypeMap = {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
};

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32' || value === 'bool';
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** A zero-filled typed array of the storage type of `dtype`. */
export function allocArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

/** Converts (copying) any typed array or number list to the storage type of `dtype`. */
export function toTypedArray(values: ArrayLike<number>, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32': return Float32Array.from(values);
    case 'int32': {
      const out = new Int32Array(values.length);
      // Truncation toward zero, as a C cast (and tf.cast) does; Int32Array.from would wrap NaN to 0 silently anyway.
      for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i]);
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(values.length);
      // NaN counts as true, as a cast to bool does (NumPy semantics).
      for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
      return out;
    }
  }
}

export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}

/** PyTorch-style promotion: bool < int32 < float32. */
export function upcast(a: DType, b: DType): DType {
  if (a === 'float32' || b === 'float32') return 'float32';
  if (a === 'int32' || b === 'int32') return 'int32';
  return 'bool';
}
