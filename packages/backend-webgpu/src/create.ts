import { getGPU, describeDevice, requestDevice } from './adapter.js';
import { WebGPUBackend } from './backend.js';
import { GPURuntime } from './runtime/runtime.js';

export interface WebGPUBackendOptions {
  /** An existing device to share (with tfjs, a renderer...). It is not destroyed by `dispose()`. */
  readonly device?: GPUDevice;
  /** Passed to `requestAdapter` when no device is given. */
  readonly adapterOptions?: GPURequestAdapterOptions;
  /**
   * Matmul kernel family. 'auto' (default) picks register blocking on CPU adapters, where
   * workgroup barriers are emulated, and shared-memory tiles on real GPUs.
   */
  readonly matmul?: 'auto' | 'registers' | 'workgroup';
  /** Dispatches recorded before an automatic submit (default 64). */
  readonly maxDispatchesPerSubmit?: number;
  /** Free bytes the buffer pool keeps for reuse (default 256 MiB). */
  readonly maxPooledBytes?: number;
}

/**
 * Creates the WebGPU backend: `navigator.gpu` in browsers, the `webgpu` package in Node.
 *
 * ```ts
 * const backend = await createWebGPUBackend();
 * console.log(backend.features.adapter.description, backend.features.shaderF16);
 * ```
 */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  let device = options.device;
  let info: GPUAdapterInfo | undefined;
  if (!device) {
    const gpu = await getGPU();
    ({ device, info } = await requestDevice(gpu, options.adapterOptions));
  }
  const features = describeDevice(device, info);
  const runtime = new GPURuntime(device, {
    maxDispatchesPerSubmit: options.maxDispatchesPerSubmit ?? 64,
    maxPooledBytes: options.maxPooledBytes ?? 256 * 1024 * 1024,
  });
  const choice = options.matmul ?? 'auto';
  const variant = choice === 'auto' ? (features.adapter.cpu ? 'registers' : 'workgroup') : choice;
  return new WebGPUBackend(runtime, features, options.device === undefined, variant);
}
