import { createWasmBackend } from '@tessera/backend-wasm';
import { tesseraAdapter } from './tessera.js';

/** @tessera/backend-wasm with a fixed thread count (the calling thread included). */
export const tesseraWasm = (threads: number) => tesseraAdapter(`wasm-${threads}t`, `tessera wasm ${threads}T`,
  () => createWasmBackend({ threads }));
