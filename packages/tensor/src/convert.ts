import { fromTypedArray } from './creation.js';
import { allocArray, toTypedArray, type DType, type TypedArray } from './dtype.js';
import { fail } from './errors.js';
import type { Tensor } from './tensor.js';

/** The parts of an `ndarray` (scijs/ndarray) this module reads or builds. */
export interface NdarrayLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  readonly dtype?: string;
}

export type NdarrayFactory = (data: TypedArray, shape: number[], stride?: number[], offset?: number) => NdarrayLike;

function dtypeOfNdarray(nd: NdarrayLike): DType {
  switch (nd.dtype) {
    case 'int8': case 'int16': case 'int32': case 'uint8': case 'uint16': case 'uint8_clamped': return 'int32';
    default: return 'float32';
  }
}

/**
 * A tensor from an `ndarray` (any strides and offset, e.g. a transposed or sliced view), copied
 * in row-major order. Integer ndarrays become int32, the rest float32 (unless `dtype` says so).
 *
 * ```ts
 * import ndarray from 'ndarray';
 * const t = fromNdarray(ndarray(new Float32Array([1, 2, 3, 4]), [2, 2]).transpose(1, 0));
 * ```
 */
export function fromNdarray(nd: NdarrayLike, dtype?: DType): Tensor {
  if (!nd || !Array.isArray(nd.shape) || !Array.isArray(nd.stride) || nd.data === undefined) {
    fail('fromNdarray', 'expects an ndarray with data, shape, stride and offset');
  }
  const dt = dtype ?? dtypeOfNdarray(nd);
  const shape = [...nd.shape];
  const n = shape.reduce((a, b) => a * b, 1);
  const out = allocArray(dt, n);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let src = nd.offset;
    for (let d = 0; d < shape.length; d++) src += index[d] * nd.stride[d];
    const v = nd.data[src];
    out[i] = dt === 'bool' ? (v ? 1 : 0) : v;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return fromTypedArray(out, shape, dt);
}

/**
 * The tensor's values as an `ndarray` (row-major, offset 0). Pass the `ndarray` function, or have
 * the optional peer dependency `ndarray` installed.
 */
export async function toNdarray(t: Tensor, factory?: NdarrayFactory): Promise<NdarrayLike> {
  let make = factory;
  if (!make) {
    try {
      const mod = await import(/* @vite-ignore */ 'ndarray' as string) as { default: NdarrayFactory };
      make = mod.default;
    } catch {
      fail('toNdarray', 'the optional peer dependency "ndarray" is not installed; install it or pass the ndarray function');
    }
  }
  return make!(await t.data(), [...t.shape]);
}

/** A tensor from a plain typed array (copied), in the array's own dtype unless told otherwise. */
export function fromArray(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fromTypedArray(toTypedArray(values, dtype), shape, dtype);
}
