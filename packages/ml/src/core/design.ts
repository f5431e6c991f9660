import { activeBackend, getBackend, keep, matmul, tensor, tidy, type Tensor } from '@tessera/tensor';
import type { Matrix } from './matrix.js';

/**
 * Multiply-adds from which a product goes to the active backend's matmul: below it, uploading
 * and reading back cost more than float64 loops here.
 */
export const BACKEND_WORK = 1e5;

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

  /** `minWork`: multiply-adds per product from which the backend is used ('auto'). */
  static for(x: Matrix, outputs: number, mode: 'auto' | 'host' | 'backend' = 'auto', minWork = BACKEND_WORK): DesignMatrix {
    if (mode !== 'auto') return new DesignMatrix(x, mode === 'backend');
    return new DesignMatrix(x, backendAvailable() && x.rows * x.cols * outputs >= minWork);
  }

  get onBackend(): boolean {
    return this.useBackend;
  }

  private tensorX(): Tensor {
    // Kept: it is first made inside a product's tidy scope but lives until dispose().
    if (!this.device) this.device = keep(tensor(Float32Array.from(this.x.data), [this.x.rows, this.x.cols]));
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
