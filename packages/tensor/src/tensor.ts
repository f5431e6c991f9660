import type { Backend } from './backend/backend.js';
import type { DType, TypedArray } from './dtype.js';
import { ENGINE, Storage, TENSOR_BRAND } from './engine.js';
import { TesseraError, fail, fmtShape } from './errors.js';
import { sizeOf } from './shape.js';
import type { TensorLike } from './creation.js';
import * as ops from './ops/index.js';

const ARRAY_TYPES: Record<DType, Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor> = { float32: Float32Array, int32: Int32Array, bool: Uint8Array };

/** Nested arrays as returned by `array()`. */
export type NestedValues = number | boolean | NestedValues[];

function releaseStorage(storage: Storage): void {
  storage.refs--;
  if (storage.refs === 0) ENGINE.onStorageFreed(storage);
}

function nest(values: TypedArray, shape: readonly number[], dtype: DType): NestedValues {
  const toValue = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return toValue(values[0]);
  const build = (offset: number, depth: number): NestedValues[] => {
    const n = shape[depth];
    const stride = sizeOf(shape.slice(depth + 1));
    const out: NestedValues[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = depth === shape.length - 1 ? toValue(values[offset + i]) : build(offset + i * stride, depth + 1);
    }
    return out;
  };
  return build(0, 0);
}

/**
 * An n-dimensional array on a backend. Immutable: ops return new tensors. Free it with
 * `dispose()` or create it inside `tidy()`.
 *
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * const y = x.matmul(x).add(1).relu();
 * console.log(await y.array()); // [[8, 11], [16, 23]]
 * ```
 */
export class Tensor {
  readonly [TENSOR_BRAND] = true;
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** @internal The buffer, shared with views of this tensor. */
  storage: Storage;
  /** @internal Set by `keep()`: tidy scopes leave this tensor alone. */
  kept = false;
  private disposed = false;

  /** @internal Tensors are made by ops and creation functions, not by `new`. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, trackInScope = true) {
    this.id = ENGINE.newId();
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    ENGINE.onTensorCreated(this, trackInScope);
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Name of the backend holding the data. */
  get backend(): string {
    return this.storage.backend.name;
  }

  private check(op: string): void {
    if (this.disposed) fail(op, `tensor (id ${this.id}, shape ${fmtShape(this.shape)}) has been disposed`);
  }

  /** Frees the buffer (once no view shares it). Further use throws. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ENGINE.onTensorDisposed(this);
    releaseStorage(this.storage);
  }

  /** @internal An untracked handle on the same buffer, for the gradient tape. */
  shareStorage(): Tensor {
    this.check('shareStorage');
    this.storage.refs++;
    const t = new Tensor(this.storage, this.shape, this.dtype, false);
    return t;
  }

  /** @internal Points this handle at another buffer (Variable.assign). */
  rebindStorage(next: Storage): void {
    this.check('assign');
    const old = this.storage;
    next.refs++;
    ENGINE.onTensorRebound(old, next);
    this.storage = next;
    releaseStorage(old);
  }

  /** @internal Moves the shared buffer to another backend (all views follow). */
  replaceStorage(buffer: object, backend: Backend): void {
    ENGINE.moveStorage(this.storage, backend, buffer);
  }

  /** Exempts this tensor from enclosing `tidy` scopes. */
  keep(): this {
    this.kept = true;
    return this;
  }

  /** The values as a fresh typed array (Float32Array, Int32Array or Uint8Array for bool). */
  async data(): Promise<TypedArray> {
    this.check('data');
    return this.storage.backend.read(this.storage.buffer, this.dtype, this.size);
  }

  /** Synchronous read, where the backend can serve it (not WebGPU: use `await t.data()`). */
  dataSync(): TypedArray {
    this.check('dataSync');
    const backend = this.storage.backend;
    if (!backend.readSync) {
      throw new TesseraError('dataSync', `backend "${backend.name}" cannot read synchronously; use \`await t.data()\` instead`);
    }
    return backend.readSync(this.storage.buffer, this.dtype, this.size);
  }

  /**
   * `dataSync()` into a given array (Float32Array, Int32Array or Uint8Array for the tensor's
   * dtype, exactly `size` long; a view on a larger buffer is fine), returned. Saves allocating
   * and filling a new array per read where the backend reads straight into it.
   */
  dataSyncInto<A extends TypedArray>(into: A): A {
    this.check('dataSyncInto');
    if (!(into instanceof ARRAY_TYPES[this.dtype]) || into.length !== this.size) {
      fail('dataSyncInto', `needs a ${ARRAY_TYPES[this.dtype].name} of length ${this.size} for a ${this.dtype} tensor of shape ${fmtShape(this.shape)}, got a ${into.constructor.name} of length ${into.length}`);
    }
    const backend = this.storage.backend;
    if (backend.readSyncInto) backend.readSyncInto(this.storage.buffer, this.dtype, this.size, into);
    else into.set(this.dataSync());
    return into;
  }

  /** The values as nested arrays (booleans for bool tensors). */
  async array(): Promise<NestedValues> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  arraySync(): NestedValues {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) fail('item', `needs a tensor with one element, got shape ${fmtShape(this.shape)}`);
    return (await this.data())[0];
  }

  itemSync(): number {
    if (this.size !== 1) fail('item', `needs a tensor with one element, got shape ${fmtShape(this.shape)}`);
    return this.dataSync()[0];
  }

  /** A copy on another registered backend (initializing it if needed). */
  async to(backendName: string): Promise<Tensor> {
    this.check('to');
    const target = await ENGINE.initBackend(backendName);
    const values = await this.data();
    const storage = new Storage(target, target.write(values, this.dtype), this.storage.bytes);
    ENGINE.onStorageCreated(storage);
    return new Tensor(storage, this.shape, this.dtype);
  }

  toString(): string {
    const state = this.disposed ? ', disposed' : '';
    return `Tensor(shape=${fmtShape(this.shape)}, dtype=${this.dtype}, backend=${this.storage.backend.name}${state})`;
  }

  // ---- method sugar: each forwards to the op function of the same name ------------------------
  add(b: TensorLike): Tensor { return ops.add(this, b); }
  sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  div(b: TensorLike): Tensor { return ops.div(this, b); }
  pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  less(b: TensorLike): Tensor { return ops.less(this, b); }
  lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this, b); }
  logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this, b); }
  logicalNot(): Tensor { return ops.logicalNot(this); }
  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  sign(): Tensor { return ops.sign(this); }
  square(): Tensor { return ops.square(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  exp(): Tensor { return ops.exp(this); }
  expm1(): Tensor { return ops.expm1(this); }
  log(): Tensor { return ops.log(this); }
  log1p(): Tensor { return ops.log1p(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  erf(): Tensor { return ops.erf(this); }
  floor(): Tensor { return ops.floor(this); }
  ceil(): Tensor { return ops.ceil(this); }
  round(): Tensor { return ops.round(this); }
  clip(min: number, max: number): Tensor { return ops.clip(this, min, max); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  clone(): Tensor { return ops.clone(this); }
  relu(): Tensor { return ops.relu(this); }
  relu6(): Tensor { return ops.relu6(this); }
  leakyRelu(alpha?: number): Tensor { return ops.leakyRelu(this, alpha); }
  elu(alpha?: number): Tensor { return ops.elu(this, alpha); }
  selu(): Tensor { return ops.selu(this); }
  softplus(): Tensor { return ops.softplus(this); }
  gelu(options?: { approximate?: 'none' | 'tanh' }): Tensor { return ops.gelu(this, options); }
  silu(): Tensor { return ops.silu(this); }
  softmax(axis?: number): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return ops.logSoftmax(this, axis); }
  sum(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.sum(this, axis, keepDims); }
  mean(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.mean(this, axis, keepDims); }
  max(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.max(this, axis, keepDims); }
  min(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.min(this, axis, keepDims); }
  prod(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.prod(this, axis, keepDims); }
  argmax(axis?: number | null): Tensor { return ops.argmax(this, axis); }
  argmin(axis?: number | null): Tensor { return ops.argmin(this, axis); }
  variance(axis?: ops.Axis, options?: ops.VarianceOptions): Tensor { return ops.variance(this, axis, options); }
  logSumExp(axis?: ops.Axis, keepDims?: boolean): Tensor { return ops.logSumExp(this, axis, keepDims); }
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  flatten(): Tensor { return ops.flatten(this); }
  transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  squeeze(axis?: number | readonly number[]): Tensor { return ops.squeeze(this, axis); }
  expandDims(axis?: number): Tensor { return ops.expandDims(this, axis); }
  slice(begin: number | readonly number[], size?: number | readonly number[]): Tensor { return ops.slice(this, begin, size); }
  stridedSlice(begin: readonly (number | null)[], end: readonly (number | null)[], strides?: readonly number[]): Tensor {
    return ops.stridedSlice(this, begin, end, strides);
  }
  pad(paddings: readonly (readonly [number, number])[], value?: number): Tensor { return ops.pad(this, paddings, value); }
  gather(indices: TensorLike, axis?: number): Tensor { return ops.gather(this, indices, axis); }
  tile(reps: readonly number[]): Tensor { return ops.tile(this, reps); }
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  reverse(axis?: number | readonly number[]): Tensor { return ops.reverse(this, axis); }
  split(numOrSizes: number | readonly number[], axis?: number): Tensor[] { return ops.split(this, numOrSizes, axis); }
  unstack(axis?: number): Tensor[] { return ops.unstack(this, axis); }
  matmul(b: TensorLike, options?: ops.MatmulOptions): Tensor { return ops.matmul(this, b, options); }
}
