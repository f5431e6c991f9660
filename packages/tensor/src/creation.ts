import { allocArray, dtypeOfArray, isDType, toTypedArray, type DType, type TypedArray } from './dtype.js';
import { ENGINE, isTensorValue } from './engine.js';
import { fail, fmtShape } from './errors.js';
import { fromBuffer } from './op.js';
import { assertShape, sizeOf } from './shape.js';
import type { Tensor } from './tensor.js';

/** Nested arrays of numbers or booleans. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything an op accepts as a tensor operand. */
export type TensorLike = Tensor | TypedArray | NestedArray;

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(op: string, values: NestedArray, shape: readonly number[], out: number[], depth = 0): void {
  if (depth === shape.length) {
    if (Array.isArray(values)) fail(op, `values nest deeper than the inferred shape ${fmtShape(shape)}`);
    if (typeof values !== 'number' && typeof values !== 'boolean') fail(op, `values must be numbers or booleans, got ${JSON.stringify(values)}`);
    out.push(typeof values === 'boolean' ? (values ? 1 : 0) : values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    fail(op, `ragged nested array: expected ${shape[depth]} entries at depth ${depth} (shape ${fmtShape(shape)})`);
  }
  for (const v of values as readonly NestedArray[]) flatten(op, v, shape, out, depth + 1);
}

function firstLeaf(values: NestedArray): number | boolean | undefined {
  let v: NestedArray = values;
  while (Array.isArray(v)) { if (v.length === 0) return undefined; v = v[0]; }
  return v as number | boolean;
}

/**
 * Creates a tensor from nested arrays, a flat list or typed array plus a shape, or a scalar.
 *
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);           // float32 [2,2]
 * const i = tensor([1, 2, 3], [3], 'int32');
 * const m = tensor(new Float32Array(6), [2, 3]);
 * ```
 */
export function tensor(values: TypedArray | NestedArray, shape?: readonly number[], dtype?: DType): Tensor {
  const op = 'tensor';
  if (dtype !== undefined && !isDType(dtype)) fail(op, `unknown dtype ${JSON.stringify(dtype)} (use float32, int32 or bool)`);
  let flat: ArrayLike<number>;
  let inferred: number[];
  let naturalDtype: DType;
  if (ArrayBuffer.isView(values)) {
    if (!(values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array)) {
      fail(op, `typed array ${(values as object).constructor.name} is not supported (use Float32Array, Int32Array or Uint8Array)`);
    }
    flat = values;
    inferred = [values.length];
    naturalDtype = dtypeOfArray(values);
  } else {
    inferred = inferShape(values);
    const out: number[] = [];
    flatten(op, values, inferred, out);
    flat = out;
    naturalDtype = typeof firstLeaf(values) === 'boolean' ? 'bool' : 'float32';
  }
  const finalShape = shape === undefined ? inferred : assertShape(op, shape);
  if (sizeOf(finalShape) !== flat.length) {
    fail(op, `shape ${fmtShape(finalShape)} needs ${sizeOf(finalShape)} values, got ${flat.length}`);
  }
  const finalDtype = dtype ?? naturalDtype;
  return fromTypedArray(toTypedArray(flat, finalDtype), finalShape, finalDtype);
}

/** Wraps values already in the storage type of `dtype` (copied into the backend). */
export function fromTypedArray(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  const backend = ENGINE.backend();
  return fromBuffer(backend.write(values, dtype), shape, dtype, backend);
}

export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number | boolean, dtype: DType = typeof value === 'boolean' ? 'bool' : 'float32'): Tensor {
  const op = 'full';
  const s = assertShape(op, shape);
  if (!isDType(dtype)) fail(op, `unknown dtype ${JSON.stringify(dtype)}`);
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (typeof v !== 'number') fail(op, `value must be a number or boolean, got ${JSON.stringify(value)}`);
  const backend = ENGINE.backend();
  return fromBuffer(backend.fill(sizeOf(s), dtype === 'int32' ? Math.trunc(v) : v, dtype), s, dtype, backend);
}

export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return full(shape, 0, dtype);
}

export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return full(shape, 1, dtype);
}

export function zerosLike(x: Tensor): Tensor {
  return full(x.shape, 0, x.dtype);
}

export function onesLike(x: Tensor): Tensor {
  return full(x.shape, 1, x.dtype);
}

export function fullLike(x: Tensor, value: number): Tensor {
  return full(x.shape, value, x.dtype);
}

/**
 * Evenly spaced values in [start, stop) with `step` (NumPy arange). int32 when all three are
 * integers, float32 otherwise.
 *
 * ```ts
 * arange(5);          // [0,1,2,3,4] int32
 * arange(0, 1, 0.25); // [0,0.25,0.5,0.75] float32
 * ```
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  const op = 'arange';
  if (stop === undefined) { stop = start; start = 0; }
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (!Number.isFinite(v)) fail(op, `${name} must be a finite number, got ${v}`);
  }
  if (step === 0) fail(op, 'step must not be 0');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dt = dtype ?? (Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step) ? 'int32' : 'float32');
  const values = allocArray(dt, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromTypedArray(values, [n], dt);
}

/** `num` evenly spaced float32 values from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number): Tensor {
  const op = 'linspace';
  if (!Number.isInteger(num) || num < 0) fail(op, `num must be a non-negative integer, got ${num}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) fail(op, `start and stop must be finite, got ${start}, ${stop}`);
  const values = new Float32Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (num > 1) values[num - 1] = stop;
  return fromTypedArray(values, [num], 'float32');
}

/** Identity matrix `[n, m]` (m defaults to n). */
export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  const op = 'eye';
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) fail(op, `sizes must be non-negative integers, got ${n}, ${m}`);
  const values = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromTypedArray(values, [n, m], dtype);
}

/**
 * Converts an operand to a tensor. Numbers take the dtype of `like` when they fit it (an integer
 * next to an int32 tensor stays int32), float32 otherwise. `owned` tells the caller it created
 * the tensor and must dispose it.
 */
export function toTensor(op: string, value: TensorLike, name: string, like?: DType): { t: Tensor; owned: boolean } {
  if (isTensorValue(value)) {
    if (value.isDisposed) fail(op, `${name} (id ${value.id}, shape ${fmtShape(value.shape)}) has been disposed`);
    return { t: value, owned: false };
  }
  if (typeof value === 'number') {
    const dt: DType = like === 'int32' && Number.isInteger(value) ? 'int32'
      : like === 'bool' && Number.isInteger(value) ? 'int32' : 'float32';
    return { t: tensor(value, [], dt), owned: true };
  }
  if (typeof value === 'boolean') return { t: tensor(value, [], 'bool'), owned: true };
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return { t: tensor(value as TypedArray | NestedArray), owned: true };
  return fail(op, `${name} must be a tensor, number, boolean or array, got ${value === null ? 'null' : typeof value}`);
}
