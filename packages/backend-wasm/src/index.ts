export { createWasmBackend, WasmBackend, type WasmBackendOptions } from './backend.js';
export { WasmBuffer } from './kernels/buffer.js';
export type { WasmSource } from './runtime/loader.js';
