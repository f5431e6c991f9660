/// <reference types="@webgpu/types" />
export { createWebGPUBackend, type WebGPUBackendOptions } from './create.js';
export { WebGPUBackend, type ReadRequest } from './backend.js';
export type { WebGPUFeatures } from './adapter.js';
export { GPUTensorBuffer, type PoolStats } from './runtime/buffer-pool.js';
