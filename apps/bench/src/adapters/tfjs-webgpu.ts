import { tfjsAdapter } from './tfjs.js';
import type { Adapter } from './types.js';
import { acquireDevice, releaseDevice, type SharedDevice } from './webgpu-device.js';

type TfWebGPU = import('@tensorflow/tfjs-backend-webgpu').WebGPUBackend;

/**
 * @tensorflow/tfjs-backend-webgpu 4.22 on the GPUDevice the Tessera WebGPU adapter uses, so
 * both run on the same adapter and driver in the same process.
 */
export function tfjsWebGPU(): Adapter {
  let shared: SharedDevice | null = null;
  let backend: TfWebGPU | null = null;
  const adapter = tfjsAdapter('tfjs-webgpu', 'tfjs-backend-webgpu', 'webgpu', async () => {
    shared = await acquireDevice();
    // tfjs reads the WebGPU constants (GPUBufferUsage, GPUMapMode, ...) as globals and refuses to
    // start without navigator.gpu; in Node the `webgpu` package provides both. Its own backend
    // factory would request another device: registering one on the shared device replaces it.
    const { globals, create } = await import('webgpu');
    Object.assign(globalThis, globals);
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
    if (!nav) Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
    else if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: create([]), configurable: true });
    const tf = await import('@tensorflow/tfjs-core');
    const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    const device = shared.device;
    // tfjs picks some program variants by vendor and architecture.
    const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    tf.registerBackend('webgpu', () => (backend = new WebGPUBackend(device, info)));
  }, {
    async settle() {
      // tfjs submits every WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches or before a read; submit
      // the rest now, as a read would, then wait for the queue.
      backend!.ensureCommandEncoderReady();
      backend!.endComputePassEncoder();
      backend!.submitQueue();
      await backend!.device.queue.onSubmittedWorkDone();
    },
    upload(t) {
      backend!.uploadToGPU(t.dataId);
    },
    describe: () => shared?.description ?? 'no WebGPU device',
  });
  return {
    ...adapter,
    async dispose() {
      await adapter.dispose();
      const tf = await import('@tensorflow/tfjs-core');
      // Frees tfjs's buffers and pipelines while the device still exists.
      if (backend) tf.removeBackend('webgpu');
      backend = null;
      if (shared) await releaseDevice();
      shared = null;
    },
  };
}
