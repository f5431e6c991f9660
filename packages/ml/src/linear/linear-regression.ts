import { BaseRegressor, type RegressorState } from '../core/bases.js';
import { checkMatrixAsync, type Matrix, type MatrixLike } from '../core/matrix.js';
import { checkTargets, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';
import { cholesky, choleskySolve, gram, lstsq } from '../core/linalg.js';

interface State extends RegressorState {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly rank: number;
}

/** Centres X and y when fitting an intercept; returns what is needed to undo it. */
function centre(x: Matrix, y: Float64Array, fitIntercept: boolean): { xc: Float64Array; yc: Float64Array; xMean: Float64Array; yMean: number } {
  const { rows: n, cols: d, data } = x;
  const xMean = new Float64Array(d);
  let yMean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) { yMean += y[i]; for (let j = 0; j < d; j++) xMean[j] += data[i * d + j]; }
    yMean /= n;
    for (let j = 0; j < d; j++) xMean[j] /= n;
  }
  const xc = new Float64Array(n * d), yc = new Float64Array(n);
  for (let i = 0; i < n; i++) { yc[i] = y[i] - yMean; for (let j = 0; j < d; j++) xc[i * d + j] = data[i * d + j] - xMean[j]; }
  return { xc, yc, xMean, yMean };
}

function linearPredict(x: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = intercept;
    for (let j = 0; j < x.cols; j++) s += x.data[i * x.cols + j] * coef[j];
    out[i] = s;
  }
  return out;
}

const OLS_PARAMS = { fitIntercept: param.bool(true, 'Fit an intercept (X and y are centred first).') } as const;

/**
 * Ordinary least squares by Householder QR with column pivoting (scikit-learn's
 * `LinearRegression`). Columns that are numerically dependent on earlier ones get coefficient 0.
 *
 * ```ts
 * const lr = await new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
 * lr.coef_;        // Float64Array [2]
 * lr.intercept_;   // 1
 * ```
 */
export class LinearRegression extends BaseRegressor<typeof OLS_PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof OLS_PARAMS>> = {}) {
    super('LinearRegression', OLS_PARAMS, params);
  }

  get coef_(): Float64Array { return this.fitted('coef_').coef; }
  get intercept_(): number { return this.fitted('intercept_').intercept; }
  get rank_(): number { return this.fitted('rank_').rank; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const targets = await checkTargets(op, y, m.rows);
    const { xc, yc, xMean, yMean } = centre(m, targets, this.params.fitIntercept);
    const { x: coef, rank } = lstsq(xc, m.rows, m.cols, yc, 1);
    let intercept = 0;
    if (this.params.fitIntercept) { intercept = yMean; for (let j = 0; j < m.cols; j++) intercept -= xMean[j] * coef[j]; }
    this.state = { nFeaturesIn: m.cols, coef, intercept, rank };
    return this;
  }

  protected predictValues(X: Matrix): Float64Array {
    const { coef, intercept } = this.fitted('predict');
    return linearPredict(X, coef, intercept);
  }
}

const RIDGE_PARAMS = {
  alpha: param.number(1, 'L2 penalty strength: minimizes ||y - Xw||² + alpha ||w||² (the intercept is not penalized).', { min: 0 }),
  fitIntercept: param.bool(true, 'Fit an intercept (X and y are centred first).'),
} as const;

/**
 * Linear least squares with an L2 penalty, solved by Cholesky on the normal equations
 * (scikit-learn's `Ridge` with the cholesky solver).
 *
 * ```ts
 * const r = await new Ridge({ alpha: 0.5 }).fit([[0], [1], [2]], [0, 1, 2]);
 * r.predict([[3]]);   // Float64Array [~2.8]
 * ```
 */
export class Ridge extends BaseRegressor<typeof RIDGE_PARAMS, Omit<State, 'rank'>> {
  constructor(params: Partial<ParamsOf<typeof RIDGE_PARAMS>> = {}) {
    super('Ridge', RIDGE_PARAMS, params);
  }

  get coef_(): Float64Array { return this.fitted('coef_').coef; }
  get intercept_(): number { return this.fitted('intercept_').intercept; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const targets = await checkTargets(op, y, m.rows);
    const { rows: n, cols: d } = m;
    const { xc, yc, xMean, yMean } = centre(m, targets, this.params.fitIntercept);
    const a = gram(xc, n, d);
    for (let j = 0; j < d; j++) a[j * d + j] += this.params.alpha;
    const b = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) b[j] += xc[i * d + j] * yc[i];
    const coef = choleskySolve(cholesky(op, a, d), d, b, 1);
    let intercept = 0;
    if (this.params.fitIntercept) { intercept = yMean; for (let j = 0; j < d; j++) intercept -= xMean[j] * coef[j]; }
    this.state = { nFeaturesIn: d, coef, intercept };
    return this;
  }

  protected predictValues(X: Matrix): Float64Array {
    const { coef, intercept } = this.fitted('predict');
    return linearPredict(X, coef, intercept);
  }
}
