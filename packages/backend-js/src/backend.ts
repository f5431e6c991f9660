import {
  dtypeOfArray, TesseraError, toTypedArray,
  type ArgReduceOp, type Backend, type BinaryOp, type Conv2DInfo, type DType, type FusedActivation,
  type MatmulKernelOptions, type Pool2DInfo, type ReduceLayout, type ReduceOp, type TensorInfo, type TypedArray,
  type UnaryOp,
} from '@tessera/tensor';
import { JsBuffer } from './buffer.js';
import { sizeOf } from './shape.js';
import { biasActivation } from './kernels/activation.js';
import { argReduce } from './kernels/arg-reduce.js';
import { avgPool, avgPoolBackprop } from './kernels/avg-pool.js';
import { batchNorm } from './kernels/batch-norm.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { depthwiseConv2d } from './kernels/depthwise-conv2d.js';
import { depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './kernels/depthwise-conv2d-backprop.js';
import { fill } from './kernels/fill.js';
import { gather } from './kernels/gather.js';
import { matmul, matmulDims } from './kernels/matmul.js';
import { maxPool, maxPoolBackprop } from './kernels/max-pool.js';
import { pad } from './kernels/pad.js';
import { reduce } from './kernels/reduce.js';
import { scatterAdd } from './kernels/scatter-add.js';
import { slice } from './kernels/slice.js';
import { logSoftmax, softmax } from './kernels/softmax.js';
import { tile } from './kernels/tile.js';
import { transpose } from './kernels/transpose.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';

type Info = TensorInfo<JsBuffer>;

/**
 * The reference CPU backend: every kernel is a plain function over typed arrays in
 * `./kernels`, and this class only unwraps buffers, calls the kernel and wraps its result in a
 * new buffer. It runs synchronously, so `readSync` is always available.
 */
export class JsBackend implements Backend<JsBuffer> {
  readonly name = 'js';
  #disposed = false;
  #liveBuffers = 0;
  #liveBytes = 0;

  ready(): Promise<void> {
    return Promise.resolve();
  }

  // ---- memory -------------------------------------------------------------------------------

  write(values: TypedArray, dtype: DType): JsBuffer {
    return this.#own(dtypeOfArray(values) === dtype ? values.slice() : toTypedArray(values, dtype));
  }

  fill(size: number, value: number, dtype: DType): JsBuffer {
    return this.#own(fill(size, value, dtype));
  }

  read(buffer: JsBuffer, dtype: DType, size: number): Promise<TypedArray> {
    return Promise.resolve(this.readSync(buffer, dtype, size));
  }

  readSync(buffer: JsBuffer, _dtype: DType, size: number): TypedArray {
    this.#checkLive();
    return buffer.values.slice(0, size);
  }

  readSyncInto(buffer: JsBuffer, _dtype: DType, size: number, into: TypedArray): void {
    this.#checkLive();
    into.set(buffer.values.subarray(0, size));
  }

  free(buffer: JsBuffer): void {
    this.#liveBytes -= buffer.release();
    this.#liveBuffers--;
  }

  /** Buffers allocated by this backend and not yet freed, and their bytes. */
  memoryInfo(): Record<string, number> {
    return { buffers: this.#liveBuffers, bytes: this.#liveBytes };
  }

  dispose(): void {
    this.#disposed = true;
  }

  // ---- elementwise --------------------------------------------------------------------------

  unary(op: UnaryOp, x: Info): JsBuffer {
    return this.#own(unary(op, x.buffer.values, x.dtype, x.size));
  }

  binary(op: BinaryOp, a: Info, b: Info, outShape: readonly number[]): JsBuffer {
    return this.#own(binary(op, a.dtype, a.buffer.values, a.shape, b.buffer.values, b.shape, outShape, sizeOf(outShape)));
  }

  where(cond: Info, a: Info, b: Info, outShape: readonly number[]): JsBuffer {
    return this.#own(where(
      cond.buffer.values, cond.shape, a.buffer.values, a.shape, b.buffer.values, b.shape,
      a.dtype, outShape, sizeOf(outShape),
    ));
  }

  cast(x: Info, dtype: DType): JsBuffer {
    return this.#own(cast(x.buffer.values, x.size, dtype));
  }

  // ---- reductions ---------------------------------------------------------------------------

  reduce(op: ReduceOp, x: Info, layout: ReduceLayout): JsBuffer {
    return this.#own(reduce(op, x.buffer.values, x.dtype, layout));
  }

  argReduce(op: ArgReduceOp, x: Info, layout: ReduceLayout): JsBuffer {
    return this.#own(argReduce(op, x.buffer.values, layout));
  }

  // ---- movement -----------------------------------------------------------------------------

  transpose(x: Info, perm: readonly number[]): JsBuffer {
    return this.#own(transpose(x.buffer.values, x.shape, x.dtype, perm));
  }

  slice(x: Info, begin: readonly number[], strides: readonly number[], outShape: readonly number[]): JsBuffer {
    return this.#own(slice(x.buffer.values, x.shape, x.dtype, begin, strides, outShape));
  }

  concat(xs: readonly Info[], axis: number, outShape: readonly number[]): JsBuffer {
    const parts = xs.map((x) => ({ values: x.buffer.values, shape: x.shape }));
    return this.#own(concat(parts, axis, xs[0].dtype, outShape));
  }

  pad(x: Info, paddings: readonly (readonly [number, number])[], value: number): JsBuffer {
    return this.#own(pad(x.buffer.values, x.shape, x.dtype, paddings, value));
  }

  gather(x: Info, indices: Info, layout: ReduceLayout): JsBuffer {
    return this.#own(gather(x.buffer.values, x.dtype, indices.buffer.values, indices.size, layout));
  }

  scatterAdd(updates: Info, indices: Info, outer: number, size: number, inner: number): JsBuffer {
    return this.#own(scatterAdd(updates.buffer.values, updates.dtype, indices.buffer.values, indices.size, outer, size, inner));
  }

  tile(x: Info, reps: readonly number[]): JsBuffer {
    return this.#own(tile(x.buffer.values, x.shape, x.dtype, reps));
  }

  // ---- linear algebra -----------------------------------------------------------------------

  matmul(a: Info, b: Info, options: MatmulKernelOptions): JsBuffer {
    return this.#own(matmul(a.buffer.values, a.shape, b.buffer.values, b.shape, options));
  }

  fusedMatmul(a: Info, b: Info, options: MatmulKernelOptions & { readonly bias?: Info; readonly activation: FusedActivation }): JsBuffer {
    const out = matmul(a.buffer.values, a.shape, b.buffer.values, b.shape, options);
    const { n } = matmulDims(a.shape, b.shape, options);
    biasActivation(out, options.bias?.buffer.values ?? null, n, options.activation);
    return this.#own(out);
  }

  // ---- convolution and pooling --------------------------------------------------------------

  conv2d(x: Info, filter: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(conv2d(x.buffer.values, filter.buffer.values, conv));
  }

  conv2dBackpropInput(dy: Info, filter: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(conv2dBackpropInput(dy.buffer.values, filter.buffer.values, conv));
  }

  conv2dBackpropFilter(x: Info, dy: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(conv2dBackpropFilter(x.buffer.values, dy.buffer.values, conv));
  }

  fusedConv2d(x: Info, filter: Info, conv: Conv2DInfo, options: { readonly bias?: Info; readonly activation: FusedActivation }): JsBuffer {
    const out = conv2d(x.buffer.values, filter.buffer.values, conv);
    biasActivation(out, options.bias?.buffer.values ?? null, conv.outChannels, options.activation);
    return this.#own(out);
  }

  depthwiseConv2d(x: Info, filter: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(depthwiseConv2d(x.buffer.values, filter.buffer.values, conv));
  }

  depthwiseConv2dBackpropInput(dy: Info, filter: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(depthwiseConv2dBackpropInput(dy.buffer.values, filter.buffer.values, conv));
  }

  depthwiseConv2dBackpropFilter(x: Info, dy: Info, conv: Conv2DInfo): JsBuffer {
    return this.#own(depthwiseConv2dBackpropFilter(x.buffer.values, dy.buffer.values, conv));
  }

  maxPool(x: Info, pool: Pool2DInfo): JsBuffer {
    return this.#own(maxPool(x.buffer.values, pool));
  }

  maxPoolBackprop(dy: Info, x: Info, pool: Pool2DInfo): JsBuffer {
    return this.#own(maxPoolBackprop(dy.buffer.values, x.buffer.values, pool));
  }

  avgPool(x: Info, pool: Pool2DInfo): JsBuffer {
    return this.#own(avgPool(x.buffer.values, pool));
  }

  avgPoolBackprop(dy: Info, pool: Pool2DInfo): JsBuffer {
    return this.#own(avgPoolBackprop(dy.buffer.values, pool));
  }

  // ---- fused kernels ------------------------------------------------------------------------

  softmax(x: Info, outer: number, n: number): JsBuffer {
    return this.#own(softmax(x.buffer.values, outer, n));
  }

  logSoftmax(x: Info, outer: number, n: number): JsBuffer {
    return this.#own(logSoftmax(x.buffer.values, outer, n));
  }

  batchNorm(x: Info, mean: Info, variance: Info, scale: Info | null, offset: Info | null, epsilon: number): JsBuffer {
    const channels = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
    return this.#own(batchNorm(
      x.buffer.values, x.size, channels, mean.buffer.values, variance.buffer.values,
      scale?.buffer.values ?? null, offset?.buffer.values ?? null, epsilon,
    ));
  }

  // ---- bookkeeping --------------------------------------------------------------------------

  #own(values: TypedArray): JsBuffer {
    this.#checkLive();
    this.#liveBuffers++;
    this.#liveBytes += values.byteLength;
    return new JsBuffer(values);
  }

  #checkLive(): void {
    if (this.#disposed) throw new TesseraError('backend-js', 'backend used after dispose()');
  }
}

/** A new JS backend, for `registerBackend('js', createJsBackend)`. */
export function createJsBackend(): JsBackend {
  return new JsBackend();
}
