import { BaseTransformer } from '../core/transformer.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';

const PARAMS = {
  withMean: param.bool(true, 'Subtract the per-feature mean.'),
  withStd: param.bool(true, 'Divide by the per-feature population standard deviation (ddof 0).'),
} as const;

interface State {
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Standardizes features to zero mean and unit variance (scikit-learn's `StandardScaler`).
 * Features with (numerically) zero variance get scale 1, so they come out as x - mean.
 *
 * ```ts
 * const s = await new StandardScaler().fit([[1, 10], [3, 10]]);
 * s.transform([[2, 10]]).toArray();   // [[0, 0]]
 * ```
 */
export class StandardScaler extends BaseTransformer<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('StandardScaler', PARAMS, params);
  }

  get mean_(): Float64Array { return this.fitted('mean_').mean; }
  get var_(): Float64Array { return this.fitted('var_').var; }
  get scale_(): Float64Array { return this.fitted('scale_').scale; }

  async fit(X: MatrixLike): Promise<this> {
    const m = await checkMatrixAsync(`${this.estimatorName}.fit`, X);
    const { rows: n, cols: d, data } = m;
    const mean = new Float64Array(d), variance = new Float64Array(d), scale = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) variance[j] += (data[i * d + j] - mean[j]) ** 2;
    const eps = Number.EPSILON;
    for (let j = 0; j < d; j++) {
      variance[j] /= n;
      // scikit-learn's bound on the rounding error of a variance: below it the feature is constant.
      const constant = variance[j] <= n * eps * variance[j] + (n * mean[j] * eps) ** 2;
      scale[j] = constant ? 1 : Math.sqrt(variance[j]);
    }
    this.state = { nFeaturesIn: d, nSamplesSeen: n, mean, var: variance, scale };
    return this;
  }

  protected transformMatrix(X: Matrix): Matrix {
    const { mean, scale } = this.fitted('transform');
    const { withMean, withStd } = this.params;
    const d = X.cols, out = new Float64Array(X.data.length);
    for (let i = 0; i < X.data.length; i++) {
      const j = i % d;
      out[i] = ((X.data[i] - (withMean ? mean[j] : 0)) / (withStd ? scale[j] : 1));
    }
    return new Matrix(out, X.rows, d);
  }

  inverseTransform(X: MatrixLike): Matrix {
    const m = this.input('inverseTransform', X);
    const { mean, scale } = this.fitted('inverseTransform');
    const { withMean, withStd } = this.params;
    const d = m.cols, out = new Float64Array(m.data.length);
    for (let i = 0; i < m.data.length; i++) {
      const j = i % d;
      out[i] = m.data[i] * (withStd ? scale[j] : 1) + (withMean ? mean[j] : 0);
    }
    return new Matrix(out, m.rows, d);
  }
}
