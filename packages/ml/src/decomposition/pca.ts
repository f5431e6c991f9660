import { fail } from '@tessera/tensor';
import { BaseTransformer } from '../core/transformer.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';
import { gram } from '../core/linalg.js';
import { symmetricEigen } from '../core/eigen.js';
import { orthonormalize, symmetricTimes } from './subspace.js';
import { DesignMatrix } from '../core/design.js';

/** Covariance work (n·d²) from which the Gram matrix is computed on the backend (float32). */
const BACKEND_GRAM_WORK = 5e7;

const PARAMS = {
  nComponents: param.intOrNull(null, 'Number of components to keep (null: min(samples, features)).', { min: 1 }),
  whiten: param.bool(false, 'Scale projections to unit variance (divide by the square root of each explained variance).'),
  svdSolver: param.oneOf('auto', ['auto', 'full', 'randomized'], "'full': complete eigendecomposition of the covariance; 'randomized': randomized subspace iteration for the leading components; 'auto': randomized when features > 500 and nComponents < 80% of min(samples, features), as in scikit-learn."),
  nOversamples: param.int(10, 'Extra directions the randomized solver carries.', { min: 0 }),
  nIter: param.intOrNull(null, 'Power iterations of the randomized solver (null: 7 when nComponents < 10% of the features, else 4).', { min: 0 }),
  randomState: param.seed(),
} as const;

interface State {
  readonly nFeaturesIn: number;
  readonly nSamples: number;
  readonly mean: Float64Array;
  readonly components: Matrix;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly noiseVariance: number;
}

/**
 * Principal component analysis by eigendecomposition of the covariance matrix (scikit-learn's
 * `PCA`: explained variance with n-1, ratios over the total variance, optional whitening).
 * Components are defined up to sign; each is flipped so its largest-magnitude entry is positive.
 *
 * ```ts
 * const pca = await new PCA({ nComponents: 1 }).fit([[1, 1], [2, 2], [3, 3.1]]);
 * pca.explainedVarianceRatio_;      // Float64Array [0.999...]
 * pca.transform([[2, 2]]).toArray(); // [[~0]]
 * ```
 */
export class PCA extends BaseTransformer<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('PCA', PARAMS, params);
  }

  get mean_(): Float64Array { return this.fitted('mean_').mean; }
  /** Principal axes as rows: [nComponents, features]. */
  get components_(): Matrix { return this.fitted('components_').components; }
  get explainedVariance_(): Float64Array { return this.fitted('explainedVariance_').explainedVariance; }
  get explainedVarianceRatio_(): Float64Array { return this.fitted('explainedVarianceRatio_').explainedVarianceRatio; }
  get singularValues_(): Float64Array { return this.fitted('singularValues_').singularValues; }
  /** Mean of the discarded eigenvalues (probabilistic PCA's noise), 0 when all are kept. */
  get noiseVariance_(): number { return this.fitted('noiseVariance_').noiseVariance; }

  async fit(X: MatrixLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { rows: n, cols: d } = m;
    if (n < 2) fail(op, `needs at least 2 samples, got ${n}`);
    const maxK = Math.min(n, d);
    const k = this.params.nComponents ?? maxK;
    if (k > maxK) fail(`${this.estimatorName}.nComponents`, `${k} > min(samples, features) = ${maxK}`);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += m.data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const centered = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) centered[i] = m.data[i] - mean[i % d];
    const cov = covariance(new Matrix(centered, n, d));
    let total = 0;
    for (let j = 0; j < d; j++) total += cov[j * d + j];

    const solver = this.params.svdSolver === 'auto'
      ? (d > 500 && k < 0.8 * maxK ? 'randomized' : 'full') : this.params.svdSolver;
    const { values, vectors } = solver === 'full' ? symmetricEigen(cov, d) : this.randomized(cov, d, k);
    const components = new Float64Array(k * d);
    const explainedVariance = new Float64Array(k), singularValues = new Float64Array(k), ratio = new Float64Array(k);
    let kept = 0;
    for (let c = 0; c < k; c++) {
      const lambda = Math.max(values[c], 0);
      explainedVariance[c] = lambda / (n - 1);
      singularValues[c] = Math.sqrt(lambda);
      ratio[c] = total > 0 ? lambda / total : 0;
      kept += lambda;
      const row = vectors.subarray(c * d, c * d + d);
      let big = 0;
      for (let j = 1; j < d; j++) if (Math.abs(row[j]) > Math.abs(row[big])) big = j;
      const sign = row[big] < 0 ? -1 : 1;
      for (let j = 0; j < d; j++) components[c * d + j] = sign * row[j];
    }
    const rest = maxK - k;
    const noiseVariance = rest > 0 ? Math.max(total - kept, 0) / (n - 1) / rest : 0;
    this.state = {
      nFeaturesIn: d, nSamples: n, mean, components: new Matrix(components, k, d),
      explainedVariance, explainedVarianceRatio: ratio, singularValues, noiseVariance,
    };
    return this;
  }

  /** Leading eigenpairs of the covariance by randomized subspace iteration, then Rayleigh-Ritz. */
  private randomized(cov: Float64Array, d: number, k: number): { values: Float64Array; vectors: Float64Array } {
    const l = Math.min(d, k + this.params.nOversamples);
    const iterations = this.params.nIter ?? (k < 0.1 * d ? 7 : 4);
    const product = DesignMatrix.for(new Matrix(cov, d, d), l, 'auto', BACKEND_GRAM_WORK / 10);
    // C Q for a [d, l] block Q: the design-matrix product C Bᵀ with B = Qᵀ.
    const times = (q: Float64Array) => (product.onBackend ? product.times(transposeBlock(q, d, l), l) : symmetricTimes(cov, d, q, l));
    let basis = orthonormalize(Float64Array.from(this.generator().normalValues(d * l)), d, l);
    let cq: Float64Array;
    try {
      for (let it = 0; it < iterations; it++) basis = orthonormalize(times(basis), d, l);
      // Project: B = Qᵀ C Q (l x l), eigen of B, vectors back through Q.
      cq = times(basis);
    } finally {
      product.dispose();
    }
    const b = new Float64Array(l * l);
    for (let i = 0; i < d; i++) for (let a = 0; a < l; a++) {
      const qa = basis[i * l + a];
      for (let c = 0; c < l; c++) b[a * l + c] += qa * cq[i * l + c];
    }
    for (let a = 0; a < l; a++) for (let c = a + 1; c < l; c++) { const s = (b[a * l + c] + b[c * l + a]) / 2; b[a * l + c] = s; b[c * l + a] = s; }
    const small = symmetricEigen(b, l);
    const vectors = new Float64Array(k * d);
    for (let c = 0; c < k; c++) for (let i = 0; i < d; i++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += basis[i * l + a] * small.vectors[c * l + a];
      vectors[c * d + i] = s;
    }
    return { values: small.values.subarray(0, k), vectors };
  }

  protected transformMatrix(X: Matrix): Matrix {
    const { mean, components, explainedVariance } = this.fitted('transform');
    const k = components.rows, d = X.cols;
    const out = new Float64Array(X.rows * k);
    const row = new Float64Array(d);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < d; j++) row[j] = X.data[i * d + j] - mean[j];
      for (let c = 0; c < k; c++) {
        let s = 0;
        const co = c * d;
        for (let j = 0; j < d; j++) s += row[j] * components.data[co + j];
        out[i * k + c] = this.params.whiten ? s / Math.sqrt(explainedVariance[c]) : s;
      }
    }
    return new Matrix(out, X.rows, k);
  }

  /** Back from component space to feature space (exact when every component is kept). */
  inverseTransform(X: MatrixLike): Matrix {
    const { mean, components, explainedVariance } = this.fitted('inverseTransform');
    const k = components.rows, d = components.cols;
    const m = Matrix.from(X, `${this.estimatorName}.inverseTransform`);
    if (m.cols !== k) fail(`${this.estimatorName}.inverseTransform`, `X has ${m.cols} columns, expected ${k} components`);
    const out = new Float64Array(m.rows * d);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = mean[j];
      for (let c = 0; c < k; c++) {
        const v = m.data[i * k + c] * (this.params.whiten ? Math.sqrt(explainedVariance[c]) : 1);
        for (let j = 0; j < d; j++) out[i * d + j] += v * components.data[c * d + j];
      }
    }
    return new Matrix(out, m.rows, d);
  }
}

/** [rows, cols] row-major -> its transpose. */
function transposeBlock(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/**
 * Xcᵀ Xc of centred data: float64 loops for small inputs; for large ones the active backend's
 * matmul (float32 products), symmetrized. The explained variances then carry float32 rounding
 * (relative error around 1e-6), far inside what the leading components need.
 */
function covariance(centered: Matrix): Float64Array {
  const { rows: n, cols: d } = centered;
  const design = DesignMatrix.for(centered, d, 'auto', BACKEND_GRAM_WORK);
  if (!design.onBackend) return gram(centered.data, n, d);
  try {
    const g = design.transposeTimes(centered.data, d);
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) { const v = (g[i * d + j] + g[j * d + i]) / 2; g[i * d + j] = v; g[j * d + i] = v; }
    return g;
  } finally {
    design.dispose();
  }
}
