import { createWebGPUBackend, type WebGPUBackend } from '@tessera/backend-webgpu';
import { withCpuVulkanDriver } from '@tessera/backend-webgpu/node';
import { Unavailable } from './types.js';

/**
 * The one GPUDevice every WebGPU adapter of a run shares, so Tessera and tfjs-backend-webgpu run
 * on the same adapter, driver and device. It is owned by a Tessera backend created on first use
 * (in Node through the `webgpu` package, trying the CPU Vulkan drivers in turn unless
 * VK_ICD_FILENAMES is set) and destroyed when the last adapter that acquired it releases it.
 */
let owner: Promise<WebGPUBackend> | null = null;
let users = 0;

export interface SharedDevice {
  readonly device: GPUDevice;
  /** The adapter and Vulkan driver behind the device, for the report header. */
  readonly description: string;
}

export async function acquireDevice(): Promise<SharedDevice> {
  users++;
  // Mesa's drivers (lavapipe) keep compiled shaders on disk between processes, so a first run
  // would time a cache lookup on every machine but a fresh one. Read when the driver loads.
  process.env.MESA_SHADER_CACHE_DISABLE ??= 'true';
  owner ??= withCpuVulkanDriver(() => createWebGPUBackend());
  let backend: WebGPUBackend;
  try {
    backend = await owner;
  } catch (error) {
    users--;
    owner = null;
    throw new Unavailable(`no WebGPU device: ${(error as Error).message}`);
  }
  return { device: backend.device, description: describe(backend) };
}

export async function releaseDevice(): Promise<void> {
  if (users === 0 || --users > 0 || !owner) return;
  const backend = owner;
  owner = null;
  (await backend).dispose();
}

function describe(backend: WebGPUBackend): string {
  const { adapter } = backend.features;
  const name = adapter.description || [adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(' ');
  const driver = (process.env.VK_ICD_FILENAMES ? `; Vulkan driver ${process.env.VK_ICD_FILENAMES}` : '') +
    (process.env.MESA_SHADER_CACHE_DISABLE === 'true' ? '; MESA_SHADER_CACHE_DISABLE=true (first runs compile)' : '');
  return `one GPUDevice shared by the WebGPU adapters of the run, on ${name}` +
    `${adapter.cpu ? ' (a CPU adapter: figures on it only rank implementations)' : ''}${driver}`;
}
