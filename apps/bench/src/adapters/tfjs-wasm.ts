import { tfjsAdapter } from './tfjs.js';

/** @tensorflow/tfjs-backend-wasm 4.22 (XNNPACK; single-threaded in Node). */
export const tfjsWasm = () => tfjsAdapter('tfjs-wasm', 'tfjs-backend-wasm', 'wasm', () => import('@tensorflow/tfjs-backend-wasm'));
