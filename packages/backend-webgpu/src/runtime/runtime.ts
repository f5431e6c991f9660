import { TesseraError } from '@tessera/tensor';
import { BufferPool, type GPUTensorBuffer, type PoolStats } from './buffer-pool.js';
import { CommandQueue } from './commands.js';
import { WORKGROUP } from './constants.js';
import { Reader } from './reader.js';

export interface RuntimeOptions {
  /** Dispatches recorded before an automatic submit. */
  readonly maxDispatchesPerSubmit: number;
  /** Free bytes the pool keeps before it destroys returned buffers. */
  readonly maxPooledBytes: number;
}

/**
 * Everything the kernels share: the device, the buffer pool, the pipeline cache, the command
 * queue and the reader. Device loss and asynchronous GPU errors are recorded here and turned
 * into `TesseraError`s at the next call.
 */
export class GPURuntime {
  readonly pool: BufferPool;
  readonly commands: CommandQueue;
  readonly reader: Reader;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly scopes = new Set<Promise<void>>();
  private failure: TesseraError | null = null;
  private lost = false;
  private disposed = false;
  compiles = 0;
  compileMs = 0;

  constructor(readonly device: GPUDevice, options: RuntimeOptions) {
    this.commands = new CommandQueue(device, options.maxDispatchesPerSubmit);
    this.pool = new BufferPool((size, usage) => this.createBuffer(size, usage), options.maxPooledBytes,
      () => this.commands.idle);
    this.commands.afterSubmit.push(() => this.pool.afterSubmit());
    this.reader = new Reader(device, this.commands, (b) => { b.pins--; }, () => this.settle());
    void device.lost.then((info) => {
      if (this.disposed) return;
      this.lost = true;
      this.failure = new TesseraError('webgpu', `device lost (${info.reason}): ${info.message || 'no message'}`);
    });
    device.addEventListener('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      this.failure ??= classify('webgpu', error);
    });
  }

  /** Throws the recorded device failure, if any; every backend entry point calls this. */
  check(op: string): void {
    if (this.disposed) throw new TesseraError(op, 'the WebGPU backend was disposed');
    const failure = this.failure;
    if (!failure) return;
    // A lost device stays lost; other errors are reported once, at the first call after them.
    if (!this.lost) this.failure = null;
    throw new TesseraError(op, failure.message.replace(/^webgpu: /, ''));
  }

  /** Waits for the error scopes of buffer allocations, then throws a recorded failure. */
  async settle(): Promise<void> {
    while (this.scopes.size > 0) await Promise.all([...this.scopes]);
    const failure = this.failure;
    if (!failure) return;
    if (!this.lost) this.failure = null;
    throw failure;
  }

  private createBuffer(size: number, usage: number): GPUBuffer {
    const limit = this.device.limits.maxStorageBufferBindingSize;
    if (size > limit) {
      throw new TesseraError('webgpu', `a buffer of ${size} bytes exceeds the device's maxStorageBufferBindingSize of ${limit} bytes`);
    }
    this.device.pushErrorScope('out-of-memory');
    const buffer = this.device.createBuffer({ size, usage });
    const scope = this.device.popErrorScope().then((error) => {
      if (error) this.failure ??= new TesseraError('webgpu', `out of memory allocating ${size} bytes: ${error.message}`);
    }, () => undefined);
    this.scopes.add(scope);
    void scope.then(() => this.scopes.delete(scope));
    return buffer;
  }

  allocate(bytes: number): GPUTensorBuffer {
    return this.pool.acquire(bytes);
  }

  pipeline(key: string, code: () => string): GPUComputePipeline {
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const start = performance.now();
      const module = this.device.createShaderModule({ code: code(), label: key });
      pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
      this.compileMs += performance.now() - start;
      this.compiles++;
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /**
   * Records one dispatch. `buffers` bind at 1.. in order (inputs first, output last);
   * `uniforms` at 0.
   */
  run(key: string, code: () => string, buffers: readonly GPUTensorBuffer[], uniforms: Uint32Array | null,
    groups: readonly [number, number, number]): void {
    this.commands.dispatch(this.pipeline(key, code), buffers.map((b) => b.gpu), uniforms, groups);
  }

  /** Workgroup counts covering `threads` threads of `WORKGROUP` lanes (2-D past the 65535 limit). */
  groupsFor(threads: number, lanes = WORKGROUP): [number, number, number] {
    const groups = Math.max(1, Math.ceil(threads / lanes));
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (groups <= max) return [groups, 1, 1];
    const y = Math.ceil(groups / max);
    return [Math.ceil(groups / y), y, 1];
  }

  poolStats(): PoolStats {
    return this.pool.snapshot();
  }

  get pipelineCount(): number {
    return this.pipelines.size;
  }

  dispose(destroyDevice: boolean): void {
    if (this.disposed) return;
    this.disposed = true;
    this.commands.destroy();
    this.pool.destroyAll();
    if (destroyDevice) this.device.destroy();
  }
}

function classify(op: string, error: GPUError): TesseraError {
  const kind = error.constructor?.name === 'GPUOutOfMemoryError' || /out of memory/i.test(error.message)
    ? 'out of memory' : error.constructor?.name === 'GPUValidationError' ? 'validation error' : 'GPU error';
  return new TesseraError(op, `${kind}: ${error.message}`);
}
