import { tesseraJs } from './tessera-js.js';
import { tesseraWasm } from './tessera-wasm.js';
import { tesseraWebGPU } from './tessera-webgpu.js';
import { tfjsCpu } from './tfjs-cpu.js';
import { tfjsWasm } from './tfjs-wasm.js';
import { tfjsWebGPU } from './tfjs-webgpu.js';
import type { Adapter } from './types.js';

/**
 * Every backend and peer the bench knows, in table order. Adding one is one module in this
 * folder and one line here (and in BACKENDS).
 */
export const ADAPTERS: Readonly<Record<string, () => Adapter>> = {
  'wasm-1t': () => tesseraWasm(1),
  'wasm-2t': () => tesseraWasm(2),
  js: tesseraJs,
  'tfjs-wasm': tfjsWasm,
  'tfjs-cpu': tfjsCpu,
  webgpu: tesseraWebGPU,
  'tfjs-webgpu': tfjsWebGPU,
};

/**
 * `--backend <name>`: a Tessera backend with the peers it is compared with. The WebGPU set also
 * times upload, readback and first runs (shader compilation); see gpu-kernels.ts.
 */
export const BACKENDS = {
  wasm: { adapters: ['wasm-1t', 'wasm-2t', 'js', 'tfjs-wasm', 'tfjs-cpu'], transfers: false },
  webgpu: { adapters: ['webgpu', 'tfjs-webgpu'], transfers: true },
} as const satisfies Record<string, { adapters: readonly string[]; transfers: boolean }>;

export type BackendSet = keyof typeof BACKENDS;
