import { activeBackend, getBackend, matmul, tensor, tidy, type Tensor } from '@tessera/tensor';
import type { Matrix } from './matrix.js';

/** Multiply-adds above which a product goes to the active backend's matmul. */
export const BACKEND_WORK = 2e7;

/** True when a backend is active and can hand results back synchronously. */
export function backendAvailable(): boolean {
  return getBackend() !== null && typeof activeBackend().readSync === 'function';
}

/**
 * A fixed design matrix X ([n, d]) multiplied many times by small coefficient blocks, as in the
 * iterations of a linear-model solver. Large products run on the active backend's matmul with X
 * uploaded once as float32; small ones, or every product when no backend is set, run as float64
 * loops here. Call `dispose()` when done.
 */
export class DesignMatrix {
  private device: Tensor | undefined;

  constructor(readonly x: Matrix, private readonly useBackend: boolean) {}

  static for(x: Matrix, outputs: number, mode: 'auto' | 'host' = 'auto'): DesignMatrix {
    return new DesignMatrix(x, mode === 'auto' && backendAvailable() && x.rows * x.cols * outputs >= BACKEND_WORK);
  }

  get onBackend(): boolean {
    return this.useBackend;
  }

  private tensorX(): Tensor {
    if (!this.device) this.device = tensor(Float32Array.from(this.x.data), [this.x.rows, this.x.cols]);
    return this.device;
  }

  /** X Bᵀ for B given row-major as [k, d]: returns [n, k]. */
  times(b: Float64Array, k: number): Float64Array {
    const { rows: n, cols: d, data } = this.x;
    if (this.useBackend) {
      const out = tidy(() => matmul(this.tensorX(), tensor(Float32Array.from(b), [k, d]), { transposeB: true }));
      try { return Float64Array.from(out.dataSync()); } finally { out.dispose(); }
    }
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let c = 0; c < k; c++) {
        const bo = c * d;
        let s = 0;
        for (let j = 0; j < d; j++) s += data[xo + j] * b[bo + j];
        out[i * k + c] = s;
      }
    }
    return out;
  }

  /** Rᵀ X for R given row-major as [n, k]: returns [k, d]. */
  transposeTimes(r: Float64Array, k: number): Float64Array {
    const { rows: n, cols: d, data } = this.x;
    if (this.useBackend) {
      const out = tidy(() => matmul(tensor(Float32Array.from(r), [n, k]), this.tensorX(), { transposeA: true }));
      try { return Float64Array.from(out.dataSync()); } finally { out.dispose(); }
    }
    const out = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let c = 0; c < k; c++) {
        const rc = r[i * k + c];
        if (rc === 0) continue;
        const oo = c * d;
        for (let j = 0; j < d; j++) out[oo + j] += rc * data[xo + j];
      }
    }
    return out;
  }

  dispose(): void {
    this.device?.dispose();
    this.device = undefined;
  }
}
