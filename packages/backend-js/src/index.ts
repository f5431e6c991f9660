export { createJsBackend, JsBackend } from './backend.js';
export { JsBuffer } from './buffer.js';
