import { fail, fmtShape, tensor, type Tensor } from '@tessera/tensor';

/** Host-side element storage: float32 features, int32 labels, uint8 pixels. */
export type HostData = Float32Array | Int32Array | Uint8Array;

/**
 * A row-major array on the host (no backend involved): what readers return and what
 * `fromArrays` datasets yield per row. `data` may be a view into a larger array.
 */
export interface HostTensor {
  readonly data: HostData;
  readonly shape: readonly number[];
}

export function isHostData(value: unknown): value is HostData {
  return value instanceof Float32Array || value instanceof Int32Array || value instanceof Uint8Array;
}

export function isHostTensor(value: unknown): value is HostTensor {
  return typeof value === 'object' && value !== null && isHostData((value as HostTensor).data)
    && Array.isArray((value as HostTensor).shape);
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A host tensor checked for a shape that matches its data length. */
export function hostTensor(op: string, data: HostData, shape: readonly number[]): HostTensor {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) fail(op, `invalid shape ${JSON.stringify(shape)}`);
  if (sizeOfShape(shape) !== data.length) fail(op, `shape ${fmtShape(shape)} needs ${sizeOfShape(shape)} values, got ${data.length}`);
  return { data, shape: [...shape] };
}

/**
 * Uploads a host tensor: int32 stays int32; float32 and uint8 become float32 (uint8 values
 * are kept as 0..255, multiplied by `scale` when given).
 */
export function uploadHost(h: HostTensor, scale?: number): Tensor {
  if (h.data instanceof Int32Array) {
    if (scale !== undefined) fail('upload', 'scale applies to float32 or uint8 data, not int32');
    return tensor(h.data, [...h.shape], 'int32');
  }
  if (h.data instanceof Float32Array && scale === undefined) return tensor(h.data, [...h.shape], 'float32');
  const out = new Float32Array(h.data.length);
  const s = scale ?? 1;
  for (let i = 0; i < out.length; i++) out[i] = h.data[i] * s;
  return tensor(out, [...h.shape], 'float32');
}

/** A new array of the same kind as `like`. */
export function allocLike(like: HostData, length: number): HostData {
  if (like instanceof Float32Array) return new Float32Array(length);
  if (like instanceof Int32Array) return new Int32Array(length);
  return new Uint8Array(length);
}
