import { fail } from '@tessera/tensor';
import { BaseClassifier, type ClassifierState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabels, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';

const PARAMS = {
  varSmoothing: param.number(1e-9, 'Added to every variance, as a fraction of the largest feature variance (numerical stability).', { min: 0 }),
  priors: param.custom<number[] | null>(null, 'Class prior probabilities in class order (null: the training class frequencies).', (v) =>
    v === null || (Array.isArray(v) && v.every((p) => typeof p === 'number' && p >= 0) && Math.abs(v.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-8)
      ? undefined : `must be null or non-negative numbers summing to 1, got ${JSON.stringify(v)}`),
} as const;

interface State extends ClassifierState {
  readonly theta: Matrix;
  readonly var: Matrix;
  readonly classPrior: Float64Array;
  readonly classCount: Float64Array;
  readonly epsilon: number;
}

/**
 * Gaussian naive Bayes (scikit-learn's `GaussianNB`): per-class feature means and variances,
 * class priors, predictions from the joint log-likelihood.
 *
 * ```ts
 * const nb = await new GaussianNB().fit([[0], [0.2], [3], [3.3]], ['a', 'a', 'b', 'b']);
 * nb.predict([[2.9]]);   // ['b']
 * ```
 */
export class GaussianNB extends BaseClassifier<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('GaussianNB', PARAMS, params);
  }

  get theta_(): Matrix { return this.fitted('theta_').theta; }
  get var_(): Matrix { return this.fitted('var_').var; }
  get classPrior_(): Float64Array { return this.fitted('classPrior_').classPrior; }
  get classCount_(): Float64Array { return this.fitted('classCount_').classCount; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    const { rows: n, cols: d, data } = m;
    const K = classes.length;
    if (this.params.priors && this.params.priors.length !== K) fail(`${this.estimatorName}.priors`, `has ${this.params.priors.length} entries for ${K} classes`);
    let maxVar = 0;
    for (let j = 0; j < d; j++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { const v = data[i * d + j]; s += v; s2 += v * v; }
      maxVar = Math.max(maxVar, s2 / n - (s / n) ** 2);
    }
    const epsilon = this.params.varSmoothing * maxVar;
    const theta = new Float64Array(K * d), variance = new Float64Array(K * d), count = new Float64Array(K);
    for (let i = 0; i < n; i++) { const c = encoded[i]; count[c]++; for (let j = 0; j < d; j++) theta[c * d + j] += data[i * d + j]; }
    for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) theta[c * d + j] /= count[c];
    for (let i = 0; i < n; i++) { const c = encoded[i]; for (let j = 0; j < d; j++) variance[c * d + j] += (data[i * d + j] - theta[c * d + j]) ** 2; }
    for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) variance[c * d + j] = variance[c * d + j] / count[c] + epsilon;
    const prior = this.params.priors ? Float64Array.from(this.params.priors) : count.map((k) => k / n);
    this.state = { classes, nFeaturesIn: d, theta: new Matrix(theta, K, d), var: new Matrix(variance, K, d), classPrior: prior, classCount: count, epsilon };
    return this;
  }

  /** log P(x, class) for every class: [n, classes]. */
  private jointLogLikelihood(q: Matrix): Matrix {
    const { theta, var: v, classPrior } = this.fitted('predict');
    const K = theta.rows, d = q.cols, out = new Float64Array(q.rows * K);
    for (let c = 0; c < K; c++) {
      let base = Math.log(classPrior[c]);
      for (let j = 0; j < d; j++) base -= 0.5 * Math.log(2 * Math.PI * v.data[c * d + j]);
      for (let i = 0; i < q.rows; i++) {
        let s = base;
        for (let j = 0; j < d; j++) s -= (q.data[i * d + j] - theta.data[c * d + j]) ** 2 / (2 * v.data[c * d + j]);
        out[i * K + c] = s;
      }
    }
    return new Matrix(out, q.rows, K);
  }

  /** Normalized log posteriors: [n, classes]. */
  predictLogProba(X: MatrixLike): Matrix {
    const jll = this.jointLogLikelihood(this.input('predictLogProba', X));
    const K = jll.cols, out = new Float64Array(jll.data.length);
    for (let i = 0; i < jll.rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, jll.data[i * K + c]);
      let s = 0;
      for (let c = 0; c < K; c++) s += Math.exp(jll.data[i * K + c] - max);
      const lse = max + Math.log(s);
      for (let c = 0; c < K; c++) out[i * K + c] = jll.data[i * K + c] - lse;
    }
    return new Matrix(out, jll.rows, K);
  }

  predictProba(X: MatrixLike): Matrix {
    const lp = this.predictLogProba(X);
    return new Matrix(lp.data.map(Math.exp), lp.rows, lp.cols);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return this.jointLogLikelihood(X).rowArgmax();
  }
}
