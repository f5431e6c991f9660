import type { FusedActivation, TypedArray } from '@tessera/tensor';
import { sigmoid } from './sigmoid.js';

/**
 * Adds a bias of length `channels` along the last axis (when given), then applies `activation`,
 * in place. The epilogue of the fused matmul and conv2d kernels.
 */
export function biasActivation(out: Float32Array, bias: TypedArray | null, channels: number, activation: FusedActivation): void {
  const n = out.length;
  if (bias !== null && channels > 0) {
    for (let row = 0; row < n; row += channels) {
      for (let c = 0; c < channels; c++) out[row + c] += bias[c];
    }
  }
  // NaN stays NaN through every branch: `v < 0` and `v > 6` are false for it.
  switch (activation) {
    case 'linear': return;
    case 'relu': for (let i = 0; i < n; i++) { const v = out[i]; out[i] = v < 0 ? 0 : v; } return;
    case 'relu6': for (let i = 0; i < n; i++) { const v = out[i]; out[i] = v < 0 ? 0 : v > 6 ? 6 : v; } return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i]); return;
  }
}
