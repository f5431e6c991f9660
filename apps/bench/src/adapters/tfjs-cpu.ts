import { tfjsAdapter } from './tfjs.js';

/** @tensorflow/tfjs-backend-cpu 4.22 (plain JavaScript). */
export const tfjsCpu = () => tfjsAdapter('tfjs-cpu', 'tfjs-backend-cpu', 'cpu', () => import('@tensorflow/tfjs-backend-cpu'));
