import {
  bytesPerElement, TesseraError,
  type AdamStepOptions, type AdamStepResult, type ArgReduceOp, type SoftmaxCrossEntropyResult, type Backend, type BinaryOp, type Conv2DInfo, type DType, type FusedActivation,
  type MatmulKernelOptions, type Pool2DInfo, type ReduceLayout, type ReduceOp, type TensorInfo, type TypedArray, type UnaryOp,
} from '@tessera/tensor';
import { WasmBuffer, type KernelContext } from './kernels/buffer.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './kernels/conv.js';
import { depthwiseConv2d, depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './kernels/depthwise.js';
import * as ew from './kernels/elementwise.js';
import { batchNorm, randomUniform, softmax } from './kernels/fused.js';
import { matmul } from './kernels/matmul.js';
import * as mv from './kernels/movement.js';
import { avgPool, avgPoolBackprop, maxPool, maxPoolBackprop } from './kernels/pool.js';
import { argReduce, reduce } from './kernels/reduce.js';
import { activationGrad, adamStep, adamStepInPlace, softmaxCrossEntropy } from './kernels/train.js';
import { WASM32_BYTES } from './runtime/heap.js';
import { Runtime, type RuntimeOptions } from './runtime/runtime.js';

export type WasmBackendOptions = RuntimeOptions & {
  /** Print diagnostics (e.g. why threads are unavailable) with console.warn; default true. */
  readonly warn?: boolean;
};

type T = TensorInfo<WasmBuffer>;

/**
 * The WebAssembly backend: every primitive and fused kernel runs in Rust SIMD128 code on one
 * linear memory, optionally split over worker threads. Create it with `createWasmBackend()`,
 * `await backend.ready()`, then hand it to the core.
 */
export class WasmBackend implements Backend<WasmBuffer>, KernelContext {
  readonly name = 'wasm';
  private runtime: Runtime | null = null;
  private loading: Promise<void> | null = null;
  private disposed = false;
  private liveBytes = 0;
  private liveBuffers = 0;

  constructor(private readonly options: WasmBackendOptions = {}) {}

  ready(): Promise<void> {
    this.loading ??= Runtime.create(this.options).then((rt) => {
      this.runtime = rt;
      if (this.options.warn !== false) {
        for (const d of rt.diagnostics) console.warn(`@tessera/backend-wasm: ${d}`);
      }
    });
    return this.loading;
  }

  /** The runtime; throws until `ready()` has resolved. */
  get rt(): Runtime {
    if (this.runtime) return this.runtime;
    throw new TesseraError('wasm', this.disposed ? 'the backend was disposed' : 'call and await backend.ready() before running kernels');
  }

  /** Why the backend runs the way it does (e.g. single-threaded because memory cannot be shared). */
  get diagnostics(): readonly string[] {
    return this.runtime?.diagnostics ?? [];
  }

  /** Whether the threaded build is loaded (setThreads can use more than one thread). */
  get threaded(): boolean {
    return this.rt.threaded;
  }

  get threads(): number {
    return this.rt.threads;
  }

  /**
   * Thread figures: the configured count, whether the threaded build is loaded, and how many
   * kernel jobs worker threads have joined (0 means the workers never helped).
   */
  threadInfo(): { threads: number; threaded: boolean; workerJoins: number } {
    const rt = this.rt;
    return { threads: rt.threads, threaded: rt.threaded, workerJoins: rt.workerJoins };
  }

  /**
   * Uses `n` threads (the calling thread included) from the next kernel on. Workers that are
   * still starting join as soon as they are up; the promise resolves when all are.
   */
  setThreads(n: number): Promise<void> {
    return this.rt.setThreads(n);
  }

  // ---- KernelContext -------------------------------------------------------------------------
  output(size: number, dtype: DType, op: string): WasmBuffer {
    const bytes = size * bytesPerElement(dtype);
    if (bytes >= WASM32_BYTES) {
      throw new TesseraError(op, `a ${dtype} tensor of ${size} elements (${bytes} bytes) does not fit wasm32's 4 GiB address space`);
    }
    const ptr = this.rt.alloc(bytes, op);
    const buffer = new WasmBuffer(ptr, this.rt.arena.sizeOf(ptr));
    this.liveBytes += buffer.bytes;
    this.liveBuffers++;
    return buffer;
  }

  temp(bytes: number, op: string): number {
    if (bytes >= WASM32_BYTES) throw new TesseraError(op, `needs a ${bytes}-byte intermediate, more than wasm32's 4 GiB address space`);
    return this.rt.alloc(bytes, op);
  }

  release(ptr: number): void {
    this.rt.free(ptr);
  }

  // ---- memory --------------------------------------------------------------------------------
  write(values: TypedArray, dtype: DType): WasmBuffer {
    const out = this.output(values.length, dtype, 'write');
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.rt.heap.u8.set(bytes, out.ptr);
    return out;
  }

  fill(size: number, value: number, dtype: DType): WasmBuffer {
    return ew.fill(this, size, value, dtype);
  }

  read(buffer: WasmBuffer, dtype: DType, size: number): Promise<TypedArray> {
    try {
      return Promise.resolve(this.readSync(buffer, dtype, size));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readSync(buffer: WasmBuffer, dtype: DType, size: number): TypedArray {
    const { heap } = this.rt;
    heap.refresh();
    const bytes = heap.u8.slice(buffer.ptr, buffer.ptr + size * bytesPerElement(dtype)).buffer;
    switch (dtype) {
      case 'float32': return new Float32Array(bytes);
      case 'int32': return new Int32Array(bytes);
      case 'bool': return new Uint8Array(bytes);
    }
  }

  readSyncInto(buffer: WasmBuffer, dtype: DType, size: number, into: TypedArray): void {
    const { heap } = this.rt;
    heap.refresh();
    // Buffers are 64-byte aligned, so the element index is exact for every dtype.
    const at = buffer.ptr / bytesPerElement(dtype);
    const view = dtype === 'float32' ? heap.f32 : dtype === 'int32' ? heap.i32 : heap.u8;
    into.set(view.subarray(at, at + size));
  }

  free(buffer: WasmBuffer): void {
    if (!this.runtime) return;
    this.runtime.free(buffer.ptr);
    this.liveBytes -= buffer.bytes;
    this.liveBuffers--;
  }

  /**
   * `inUseBytes` / `tensorBuffers`: heap held by live tensor buffers; `heapBytes`: the size of
   * the WebAssembly memory (it never shrinks); `scratchBytes`: the reusable kernel scratch area;
   * `freeBytes`: free blocks below the arena top.
   */
  memoryInfo(): Record<string, number> {
    const rt = this.rt;
    return {
      inUseBytes: this.liveBytes,
      tensorBuffers: this.liveBuffers,
      heapBytes: rt.heap.bytes,
      scratchBytes: rt.scratchBytes,
      freeBytes: rt.arena.freeBytes,
      threads: rt.threads,
    };
  }

  dispose(): void {
    this.runtime?.dispose();
    this.runtime = null;
    this.disposed = true;
  }

  // ---- kernels -------------------------------------------------------------------------------
  unary(op: UnaryOp, x: T): WasmBuffer { return ew.unary(this, op, x); }
  binary(op: BinaryOp, a: T, b: T, outShape: readonly number[]): WasmBuffer { return ew.binary(this, op, a, b, outShape); }
  where(cond: T, a: T, b: T, outShape: readonly number[]): WasmBuffer { return ew.where(this, cond, a, b, outShape); }
  cast(x: T, dtype: DType): WasmBuffer { return ew.cast(this, x, dtype); }

  reduce(op: ReduceOp, x: T, layout: ReduceLayout): WasmBuffer { return reduce(this, op, x, layout); }
  argReduce(op: ArgReduceOp, x: T, layout: ReduceLayout): WasmBuffer { return argReduce(this, op, x, layout); }

  transpose(x: T, perm: readonly number[]): WasmBuffer { return mv.transpose(this, x, perm); }
  slice(x: T, begin: readonly number[], strides: readonly number[], outShape: readonly number[]): WasmBuffer {
    return mv.slice(this, x, begin, strides, outShape);
  }
  concat(xs: readonly T[], axis: number, outShape: readonly number[]): WasmBuffer { return mv.concat(this, xs, axis, outShape); }
  pad(x: T, paddings: readonly (readonly [number, number])[], value: number): WasmBuffer { return mv.pad(this, x, paddings, value); }
  gather(x: T, indices: T, layout: ReduceLayout): WasmBuffer { return mv.gather(this, x, indices, layout); }
  scatterAdd(updates: T, indices: T, outer: number, size: number, inner: number): WasmBuffer {
    return mv.scatterAdd(this, updates, indices, outer, size, inner);
  }
  tile(x: T, reps: readonly number[]): WasmBuffer { return mv.tile(this, x, reps); }

  matmul(a: T, b: T, options: MatmulKernelOptions): WasmBuffer { return matmul(this, a, b, options); }
  fusedMatmul(a: T, b: T, options: MatmulKernelOptions & { readonly bias?: T; readonly activation: FusedActivation }): WasmBuffer {
    return matmul(this, a, b, options, options.bias, options.activation);
  }

  conv2d(x: T, filter: T, conv: Conv2DInfo): WasmBuffer { return conv2d(this, x, filter, conv); }
  conv2dBackpropInput(dy: T, filter: T, conv: Conv2DInfo): WasmBuffer { return conv2dBackpropInput(this, dy, filter, conv); }
  conv2dBackpropFilter(x: T, dy: T, conv: Conv2DInfo): WasmBuffer { return conv2dBackpropFilter(this, x, dy, conv); }
  fusedConv2d(x: T, filter: T, conv: Conv2DInfo, options: { readonly bias?: T; readonly activation: FusedActivation }): WasmBuffer {
    return conv2d(this, x, filter, conv, options.bias, options.activation);
  }
  depthwiseConv2d(x: T, filter: T, conv: Conv2DInfo): WasmBuffer { return depthwiseConv2d(this, x, filter, conv); }
  depthwiseConv2dBackpropInput(dy: T, filter: T, conv: Conv2DInfo): WasmBuffer {
    return depthwiseConv2dBackpropInput(this, dy, filter, conv);
  }
  depthwiseConv2dBackpropFilter(x: T, dy: T, conv: Conv2DInfo): WasmBuffer {
    return depthwiseConv2dBackpropFilter(this, x, dy, conv);
  }

  maxPool(x: T, pool: Pool2DInfo): WasmBuffer { return maxPool(this, x, pool); }
  maxPoolBackprop(dy: T, x: T, pool: Pool2DInfo): WasmBuffer { return maxPoolBackprop(this, dy, x, pool); }
  avgPool(x: T, pool: Pool2DInfo): WasmBuffer { return avgPool(this, x, pool); }
  avgPoolBackprop(dy: T, pool: Pool2DInfo): WasmBuffer { return avgPoolBackprop(this, dy, pool); }

  softmax(x: T, outer: number, n: number): WasmBuffer { return softmax(this, x, outer, n, false); }
  logSoftmax(x: T, outer: number, n: number): WasmBuffer { return softmax(this, x, outer, n, true); }
  batchNorm(x: T, mean: T, variance: T, scale: T | null, offset: T | null, epsilon: number): WasmBuffer {
    return batchNorm(this, x, mean, variance, scale, offset, epsilon);
  }
  randomUniform(size: number, key: readonly [number, number], counter: readonly [number, number, number, number]): WasmBuffer {
    return randomUniform(this, size, key, counter);
  }
  activationGrad(dy: T, y: T, activation: FusedActivation): WasmBuffer { return activationGrad(this, dy, y, activation); }
  adamStep(param: T, grad: T, m: T, v: T, vmax: T | null, options: AdamStepOptions): AdamStepResult<WasmBuffer> {
    return adamStep(this, param, grad, m, v, vmax, options);
  }

  adamStepInPlace(param: T, grad: T, m: T, v: T, vmax: T | null, options: AdamStepOptions): void {
    adamStepInPlace(this, param, grad, m, v, vmax, options);
  }
  softmaxCrossEntropy(logits: T, labels: T, rows: number, classes: number, scale: number, withGrad: boolean,
    withAccuracy: boolean): SoftmaxCrossEntropyResult<WasmBuffer> {
    return softmaxCrossEntropy(this, logits, labels, rows, classes, scale, withGrad, withAccuracy);
  }
}

/** A new WASM backend (not yet loaded: `await backend.ready()`). */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  return new WasmBackend(options);
}
