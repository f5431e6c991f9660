import { createJsBackend } from '@tessera/backend-js';
import { tesseraAdapter } from './tessera.js';

/** @tessera/backend-js, the reference backend in plain TypeScript. */
export const tesseraJs = () => tesseraAdapter('js', 'tessera js', () => createJsBackend());
