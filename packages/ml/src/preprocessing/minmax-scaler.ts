import { BaseTransformer } from '../core/transformer.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';

const PARAMS = {
  featureRange: param.custom<readonly [number, number]>([0, 1], 'Target [min, max] of every feature.', (v) =>
    Array.isArray(v) && v.length === 2 && v.every(Number.isFinite) && v[0] < v[1] ? undefined : `must be [min, max] with min < max, got ${JSON.stringify(v)}`),
  clip: param.bool(false, 'Clip transformed values of new data into featureRange.'),
} as const;

interface State {
  readonly nFeaturesIn: number;
  readonly dataMin: Float64Array;
  readonly dataMax: Float64Array;
  readonly scale: Float64Array;
  readonly min: Float64Array;
}

/**
 * Maps each feature's training [min, max] linearly onto `featureRange` (scikit-learn's
 * `MinMaxScaler`). A constant feature gets scale 1, so it maps to x - min + range start.
 *
 * ```ts
 * const s = await new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0], [10]]);
 * s.transform([[5]]).toArray();   // [[0]]
 * ```
 */
export class MinMaxScaler extends BaseTransformer<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('MinMaxScaler', PARAMS, params);
  }

  get dataMin_(): Float64Array { return this.fitted('dataMin_').dataMin; }
  get dataMax_(): Float64Array { return this.fitted('dataMax_').dataMax; }
  get scale_(): Float64Array { return this.fitted('scale_').scale; }
  /** Offset added after scaling (scikit-learn's `min_`). */
  get min_(): Float64Array { return this.fitted('min_').min; }

  async fit(X: MatrixLike): Promise<this> {
    const m = await checkMatrixAsync(`${this.estimatorName}.fit`, X);
    const d = m.cols;
    const lo = new Float64Array(d).fill(Infinity), hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < m.data.length; i++) {
      const j = i % d, v = m.data[i];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
    const [a, b] = this.params.featureRange;
    const scale = new Float64Array(d), min = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const range = hi[j] - lo[j];
      scale[j] = (b - a) / (range < 10 * Number.EPSILON ? 1 : range);
      min[j] = a - lo[j] * scale[j];
    }
    this.state = { nFeaturesIn: d, dataMin: lo, dataMax: hi, scale, min };
    return this;
  }

  protected transformMatrix(X: Matrix): Matrix {
    const { scale, min } = this.fitted('transform');
    const [a, b] = this.params.featureRange;
    const d = X.cols, out = new Float64Array(X.data.length);
    for (let i = 0; i < out.length; i++) {
      const v = X.data[i] * scale[i % d] + min[i % d];
      out[i] = this.params.clip ? Math.min(b, Math.max(a, v)) : v;
    }
    return new Matrix(out, X.rows, d);
  }

  inverseTransform(X: MatrixLike): Matrix {
    const m = this.input('inverseTransform', X);
    const { scale, min } = this.fitted('inverseTransform');
    const d = m.cols, out = new Float64Array(m.data.length);
    for (let i = 0; i < out.length; i++) out[i] = (m.data[i] - min[i % d]) / scale[i % d];
    return new Matrix(out, m.rows, d);
  }
}
