import { createWebGPUBackend } from '@tessera/backend-webgpu';
import { tesseraAdapter } from './tessera.js';
import type { Adapter } from './types.js';
import { acquireDevice, releaseDevice, type SharedDevice } from './webgpu-device.js';

/** @tessera/backend-webgpu on the run's shared GPUDevice (see webgpu-device.ts). */
export function tesseraWebGPU(): Adapter {
  let shared: SharedDevice | null = null;
  const adapter = tesseraAdapter('webgpu', 'tessera webgpu', async () => {
    shared = await acquireDevice();
    return createWebGPUBackend({ device: shared.device });
  }, {
    async settle(backend) {
      backend.flush();
      await backend.device.queue.onSubmittedWorkDone();
    },
    device: () => shared?.description ?? 'no WebGPU device',
  });
  return {
    ...adapter,
    async dispose() {
      await adapter.dispose();
      if (shared) await releaseDevice();
      shared = null;
    },
  };
}
