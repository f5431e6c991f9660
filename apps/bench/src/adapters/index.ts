import { tesseraJs } from './tessera-js.js';
import { tesseraWasm } from './tessera-wasm.js';
import { tfjsCpu } from './tfjs-cpu.js';
import { tfjsWasm } from './tfjs-wasm.js';
import type { Adapter } from './types.js';

/**
 * Every backend and peer the bench knows, in table order. Adding one (e.g. a WebGPU backend) is
 * one module in this folder and one line here.
 */
export const ADAPTERS: Readonly<Record<string, () => Adapter>> = {
  'wasm-1t': () => tesseraWasm(1),
  'wasm-2t': () => tesseraWasm(2),
  js: tesseraJs,
  'tfjs-wasm': tfjsWasm,
  'tfjs-cpu': tfjsCpu,
};
