import type {
  ArgReduceOp, Backend, BinaryOp, Conv2DInfo, DType, FusedActivation, MatmulKernelOptions, Pool2DInfo, ReduceLayout,
  ReduceOp, TensorInfo, TypedArray, UnaryOp,
} from '@tessera/tensor';
import { TesseraError } from '@tessera/tensor';
import type { WebGPUFeatures } from './adapter.js';
import { argReduce } from './kernels/arg-reduce.js';
import { batchNorm } from './kernels/batch-norm.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { deviceBytes } from './kernels/common.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { depthwiseConv2d, depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './kernels/depthwise.js';
import { fill } from './kernels/fill.js';
import { gather } from './kernels/gather.js';
import { matmul } from './kernels/matmul.js';
import { pad } from './kernels/pad.js';
import { avgPool, avgPoolBackprop, maxPool, maxPoolBackprop } from './kernels/pool.js';
import { randomUniform } from './kernels/random-uniform.js';
import { reduce } from './kernels/reduce.js';
import { scatterAdd } from './kernels/scatter-add.js';
import { slice } from './kernels/slice.js';
import { softmax } from './kernels/softmax.js';
import { tile } from './kernels/tile.js';
import { transpose } from './kernels/transpose.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';
import type { GPUTensorBuffer } from './runtime/buffer-pool.js';
import type { GPURuntime } from './runtime/runtime.js';

type T = TensorInfo<GPUTensorBuffer>;

/** One tensor to read in `readMany`. */
export interface ReadRequest {
  readonly buffer: GPUTensorBuffer;
  readonly dtype: DType;
  readonly size: number;
}

/**
 * The WebGPU backend. Reads are asynchronous only: there is deliberately no `readSync`, so the
 * core reports `dataSync()` as unsupported and points at `await t.data()`.
 */
export class WebGPUBackend implements Backend<GPUTensorBuffer> {
  readonly name = 'webgpu';
  private flushScheduled = false;

  constructor(
    readonly runtime: GPURuntime,
    readonly features: WebGPUFeatures,
    private readonly ownsDevice: boolean,
    private readonly matmulVariant: 'registers' | 'workgroup',
  ) {}

  get device(): GPUDevice {
    return this.runtime.device;
  }

  async ready(): Promise<void> {
    this.runtime.check('ready');
  }

  /** Submits recorded work at the end of the current task, so the GPU starts while JS goes on. */
  private scheduled<R>(op: string, fn: () => R): R {
    this.runtime.check(op);
    const result = renamed(op, fn);
    if (!this.flushScheduled && this.runtime.commands.pendingDispatches > 0) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        // A pending read submits everything itself, together with its copies.
        if (!this.disposed && !this.runtime.reader.pending) this.runtime.commands.submit();
      });
    }
    return result;
  }

  private disposed = false;

  // ---- memory -------------------------------------------------------------------------------

  write(values: TypedArray, dtype: DType): GPUTensorBuffer {
    this.runtime.check('write');
    const buffer = renamed('write', () => this.runtime.allocate(deviceBytes(values.length)));
    if (values.length > 0) {
      const words = dtype === 'bool' ? Uint32Array.from(values) : values;
      this.device.queue.writeBuffer(buffer.gpu, 0, words.buffer, words.byteOffset, values.length * 4);
    }
    return buffer;
  }

  fill(size: number, value: number, dtype: DType): GPUTensorBuffer {
    return this.scheduled('fill', () => fill(this.runtime, size, value, dtype));
  }

  async read(buffer: GPUTensorBuffer, dtype: DType, size: number): Promise<TypedArray> {
    this.runtime.check('read');
    const bytes = await this.runtime.reader.read(buffer, size * 4).catch((error: unknown) => renamed('read', () => { throw error; }));
    return toTyped(bytes, dtype);
  }

  /** Reads several tensors with one staging buffer, one submit and one map. */
  async readMany(requests: readonly ReadRequest[]): Promise<TypedArray[]> {
    this.runtime.check('readMany');
    return Promise.all(requests.map((r) => this.runtime.reader.read(r.buffer, r.size * 4)
      .then((bytes) => toTyped(bytes, r.dtype), (error: unknown) => renamed('readMany', () => { throw error; }))));
  }

  free(buffer: GPUTensorBuffer): void {
    this.runtime.pool.release(buffer);
  }

  memoryInfo(): Record<string, number> {
    const s = this.runtime.poolStats();
    return {
      inUseBytes: s.inUseBytes, inUseBuffers: s.inUseBuffers, pooledBytes: s.pooledBytes, pendingBytes: s.pendingBytes,
      buffersCreated: s.created, buffersReused: s.reused, pipelines: this.runtime.pipelineCount,
      submits: this.runtime.commands.submits, maps: this.runtime.reader.maps,
    };
  }

  /** Submits everything recorded so far. */
  flush(): void {
    this.runtime.commands.submit();
  }

  /** Destroys the device only when the backend created it; a shared device stays usable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try { this.runtime.commands.submit(); } catch { /* the device may already be lost */ }
    this.runtime.dispose(this.ownsDevice);
  }

  // ---- elementwise --------------------------------------------------------------------------

  unary(op: UnaryOp, x: T): GPUTensorBuffer {
    return this.scheduled(op, () => unary(this.runtime, op, x));
  }

  binary(op: BinaryOp, a: T, b: T, outShape: readonly number[]): GPUTensorBuffer {
    return this.scheduled(op, () => binary(this.runtime, op, a, b, outShape));
  }

  where(cond: T, a: T, b: T, outShape: readonly number[]): GPUTensorBuffer {
    return this.scheduled('where', () => where(this.runtime, cond, a, b, outShape));
  }

  cast(x: T, dtype: DType): GPUTensorBuffer {
    return this.scheduled('cast', () => cast(this.runtime, x, dtype));
  }

  // ---- reductions ---------------------------------------------------------------------------

  reduce(op: ReduceOp, x: T, layout: ReduceLayout): GPUTensorBuffer {
    return this.scheduled(op, () => reduce(this.runtime, op, x, layout));
  }

  argReduce(op: ArgReduceOp, x: T, layout: ReduceLayout): GPUTensorBuffer {
    return this.scheduled(op, () => argReduce(this.runtime, op, x, layout));
  }

  // ---- movement -----------------------------------------------------------------------------

  transpose(x: T, perm: readonly number[]): GPUTensorBuffer {
    return this.scheduled('transpose', () => transpose(this.runtime, x, perm));
  }

  slice(x: T, begin: readonly number[], strides: readonly number[], outShape: readonly number[]): GPUTensorBuffer {
    return this.scheduled('slice', () => slice(this.runtime, x, begin, strides, outShape));
  }

  concat(xs: readonly T[], axis: number, outShape: readonly number[]): GPUTensorBuffer {
    return this.scheduled('concat', () => concat(this.runtime, xs, axis, outShape));
  }

  pad(x: T, paddings: readonly (readonly [number, number])[], value: number): GPUTensorBuffer {
    return this.scheduled('pad', () => pad(this.runtime, x, paddings, value));
  }

  gather(x: T, indices: T, layout: ReduceLayout): GPUTensorBuffer {
    return this.scheduled('gather', () => gather(this.runtime, x, indices, layout));
  }

  scatterAdd(updates: T, indices: T, outer: number, size: number, inner: number): GPUTensorBuffer {
    return this.scheduled('scatterAdd', () => scatterAdd(this.runtime, updates, indices, outer, size, inner));
  }

  tile(x: T, reps: readonly number[]): GPUTensorBuffer {
    return this.scheduled('tile', () => tile(this.runtime, x, reps));
  }

  // ---- linear algebra -----------------------------------------------------------------------

  matmul(a: T, b: T, options: MatmulKernelOptions): GPUTensorBuffer {
    return this.scheduled('matmul', () => matmul(this.runtime, { a, b, options, activation: 'linear', variant: this.matmulVariant }));
  }

  fusedMatmul(a: T, b: T, options: MatmulKernelOptions & { readonly bias?: T; readonly activation: FusedActivation }): GPUTensorBuffer {
    return this.scheduled('fusedMatmul', () => matmul(this.runtime, {
      a, b, options, bias: options.bias, activation: options.activation, variant: this.matmulVariant,
    }));
  }

  // ---- convolution and pooling --------------------------------------------------------------

  conv2d(x: T, filter: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('conv2d', () => conv2d(this.runtime, x, filter, conv, undefined, 'linear', this.matmulVariant));
  }

  conv2dBackpropInput(dy: T, filter: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('conv2dBackpropInput', () => conv2dBackpropInput(this.runtime, dy, filter, conv));
  }

  conv2dBackpropFilter(x: T, dy: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('conv2dBackpropFilter', () => conv2dBackpropFilter(this.runtime, x, dy, conv));
  }

  fusedConv2d(x: T, filter: T, conv: Conv2DInfo, options: { readonly bias?: T; readonly activation: FusedActivation }): GPUTensorBuffer {
    return this.scheduled('fusedConv2d', () => conv2d(this.runtime, x, filter, conv, options.bias, options.activation, this.matmulVariant));
  }

  depthwiseConv2d(x: T, filter: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('depthwiseConv2d', () => depthwiseConv2d(this.runtime, x, filter, conv));
  }

  depthwiseConv2dBackpropInput(dy: T, filter: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('depthwiseConv2dBackpropInput', () => depthwiseConv2dBackpropInput(this.runtime, dy, filter, conv));
  }

  depthwiseConv2dBackpropFilter(x: T, dy: T, conv: Conv2DInfo): GPUTensorBuffer {
    return this.scheduled('depthwiseConv2dBackpropFilter', () => depthwiseConv2dBackpropFilter(this.runtime, x, dy, conv));
  }

  maxPool(x: T, pool: Pool2DInfo): GPUTensorBuffer {
    return this.scheduled('maxPool', () => maxPool(this.runtime, x, pool));
  }

  maxPoolBackprop(dy: T, x: T, pool: Pool2DInfo): GPUTensorBuffer {
    return this.scheduled('maxPoolBackprop', () => maxPoolBackprop(this.runtime, dy, x, pool));
  }

  avgPool(x: T, pool: Pool2DInfo): GPUTensorBuffer {
    return this.scheduled('avgPool', () => avgPool(this.runtime, x, pool));
  }

  avgPoolBackprop(dy: T, pool: Pool2DInfo): GPUTensorBuffer {
    return this.scheduled('avgPoolBackprop', () => avgPoolBackprop(this.runtime, dy, pool));
  }

  // ---- fused kernels ------------------------------------------------------------------------

  softmax(x: T, outer: number, n: number): GPUTensorBuffer {
    return this.scheduled('softmax', () => softmax(this.runtime, x, outer, n, false));
  }

  logSoftmax(x: T, outer: number, n: number): GPUTensorBuffer {
    return this.scheduled('logSoftmax', () => softmax(this.runtime, x, outer, n, true));
  }

  batchNorm(x: T, mean: T, variance: T, scale: T | null, offset: T | null, epsilon: number): GPUTensorBuffer {
    return this.scheduled('batchNorm', () => batchNorm(this.runtime, x, mean, variance, scale, offset, epsilon));
  }

  randomUniform(size: number, key: readonly [number, number], counter: readonly [number, number, number, number]): GPUTensorBuffer {
    return this.scheduled('randomUniform', () => randomUniform(this.runtime, size, key, counter));
  }
}

/** Runtime errors (allocation limits) carry the generic op 'webgpu'; name the calling op instead. */
function renamed<R>(op: string, fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TesseraError && error.op === 'webgpu') throw new TesseraError(op, error.message.replace(/^webgpu: /, ''));
    throw error;
  }
}

function toTyped(bytes: ArrayBuffer, dtype: DType): TypedArray {
  if (dtype === 'float32') return new Float32Array(bytes);
  if (dtype === 'int32') return new Int32Array(bytes);
  return Uint8Array.from(new Uint32Array(bytes));
}
