import { fail } from '@tessera/tensor';
import { BaseClassifier, type ClassifierState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabels, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';
import { DesignMatrix } from '../core/design.js';
import { lbfgs } from './lbfgs.js';

const PARAMS = {
  penalty: param.oneOf('l2', ['l2', 'none'], "'l2': add ||W||²/2 (the intercept is not penalized); 'none': plain maximum likelihood."),
  C: param.number(1, 'Inverse regularization strength: the objective is ||W||²/2 + C Σ log-loss.', { min: 0, exclusiveMin: true }),
  fitIntercept: param.bool(true, 'Learn an intercept per class.'),
  multiClass: param.oneOf('auto', ['auto', 'multinomial', 'ovr'], "'multinomial': one softmax model; 'ovr': one binary model per class; 'auto': a single logistic model for two classes, multinomial otherwise."),
  tol: param.number(1e-4, 'Stop when the largest gradient component of the objective is at most tol (as scikit-learn passes it to L-BFGS).', { min: 0 }),
  maxIter: param.int(100, 'Maximum L-BFGS iterations.', { min: 1 }),
} as const;

interface State extends ClassifierState {
  /** [rows, features]: one row for a binary 'auto' model, else one per class. */
  readonly coef: Matrix;
  readonly intercept: Float64Array;
  /** 'binary' | 'multinomial' | 'ovr'. */
  readonly kind: string;
  readonly nIter: number[];
}

/**
 * Logistic regression with an L2 penalty, fitted by L-BFGS (scikit-learn's `LogisticRegression`
 * with the lbfgs solver: the same objective, tolerance meaning and defaults). Large fits compute
 * their products on the active backend's matmul.
 *
 * ```ts
 * const lr = await new LogisticRegression({ C: 10 }).fit([[0], [1], [2], [3]], ['a', 'a', 'b', 'b']);
 * lr.predict([[0.2], [2.8]]);       // ['a', 'b']
 * lr.predictProba([[1.5]]).toArray(); // [[~0.5, ~0.5]]
 * ```
 */
export class LogisticRegression extends BaseClassifier<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('LogisticRegression', PARAMS, params);
  }

  get coef_(): Matrix { return this.fitted('coef_').coef; }
  get intercept_(): Float64Array { return this.fitted('intercept_').intercept; }
  /** L-BFGS iterations used (one entry per binary model for 'ovr'). */
  get nIter_(): number[] { return this.fitted('nIter_').nIter; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    const K = classes.length;
    if (K < 2) fail(op, `needs samples of at least 2 classes; y has only ${JSON.stringify(classes[0])}`);
    const kind = this.params.multiClass === 'ovr' ? 'ovr' : this.params.multiClass === 'multinomial' || K > 2 ? 'multinomial' : 'binary';
    const design = DesignMatrix.for(m, kind === 'multinomial' ? K : 1);
    try {
      if (kind === 'multinomial') {
        const r = this.solve(design, encoded, K, -1);
        this.state = { classes, nFeaturesIn: m.cols, coef: r.coef, intercept: r.intercept, kind, nIter: [r.iterations] };
      } else {
        const targets = kind === 'binary' ? [1] : classes.map((_, c) => c);
        const rows = targets.map((t) => this.solve(design, encoded, 1, t));
        const coef = new Float64Array(rows.length * m.cols);
        rows.forEach((r, i) => coef.set(r.coef.data, i * m.cols));
        this.state = {
          classes, nFeaturesIn: m.cols, coef: new Matrix(coef, rows.length, m.cols),
          intercept: Float64Array.from(rows.map((r) => r.intercept[0])), kind, nIter: rows.map((r) => r.iterations),
        };
      }
    } finally {
      design.dispose();
    }
    return this;
  }

  /** Fits K softmax rows (positive = -1) or one sigmoid row for "class == positive". */
  private solve(design: DesignMatrix, y: Int32Array, K: number, positive: number): { coef: Matrix; intercept: Float64Array; iterations: number } {
    const { rows: n, cols: d } = design.x;
    // scikit-learn's lbfgs objective: Σ log-loss + ||W||² / (2C), gradient tolerance on that scale.
    const lambda = this.params.penalty === 'l2' ? 1 / this.params.C : 0;
    const fitB = this.params.fitIntercept;
    const wSize = K * d;
    const objective = (x: Float64Array, grad: Float64Array): number => {
      const w = x.subarray(0, wSize);
      const z = design.times(w, K);
      let loss = 0;
      if (fitB) for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) z[i * K + c] += x[wSize + c];
      if (positive >= 0) {
        for (let i = 0; i < n; i++) {
          const t = y[i] === positive ? 1 : 0, zi = z[i];
          // log(1 + e^z) - t z, written to stay finite for large |z|.
          loss += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - t * zi;
          z[i] = 1 / (1 + Math.exp(-zi)) - t;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const o = i * K;
          let max = -Infinity;
          for (let c = 0; c < K; c++) if (z[o + c] > max) max = z[o + c];
          let sum = 0;
          for (let c = 0; c < K; c++) { const e = Math.exp(z[o + c] - max); z[o + c] = e; sum += e; }
          loss += Math.log(sum) + max - (Math.log(z[o + y[i]]) + max);
          for (let c = 0; c < K; c++) z[o + c] /= sum;
          z[o + y[i]] -= 1;
        }
      }
      const gw = design.transposeTimes(z, K);
      let penalty = 0;
      for (let j = 0; j < wSize; j++) { grad[j] = gw[j] + lambda * w[j]; penalty += w[j] * w[j]; }
      for (let c = 0; c < K; c++) {
        let s = 0;
        if (fitB) for (let i = 0; i < n; i++) s += z[i * K + c];
        grad[wSize + c] = s;
      }
      return loss + 0.5 * lambda * penalty;
    };
    const result = lbfgs(objective, new Float64Array(wSize + K), { gtol: this.params.tol, maxIter: this.params.maxIter, ftol: 1e7 * Number.EPSILON });
    return { coef: new Matrix(result.x.slice(0, wSize), K, d), intercept: result.x.slice(wSize), iterations: result.iterations };
  }

  /** Linear scores X Wᵀ + b: [n, 1] for a binary model, [n, classes] otherwise. */
  decisionFunction(X: MatrixLike): Matrix {
    return this.scores(this.input('decisionFunction', X));
  }

  private scores(q: Matrix): Matrix {
    const { coef, intercept } = this.fitted('decisionFunction');
    const k = coef.rows, d = q.cols, out = new Float64Array(q.rows * k);
    for (let i = 0; i < q.rows; i++) for (let c = 0; c < k; c++) {
      let s = intercept[c];
      for (let j = 0; j < d; j++) s += q.data[i * d + j] * coef.data[c * d + j];
      out[i * k + c] = s;
    }
    return new Matrix(out, q.rows, k);
  }

  /** Class probabilities: softmax (multinomial), sigmoid pair (binary) or normalized sigmoids (ovr). */
  predictProba(X: MatrixLike): Matrix {
    return this.probabilities(this.input('predictProba', X));
  }

  private probabilities(q: Matrix): Matrix {
    const { kind, classes } = this.fitted('predictProba');
    const z = this.scores(q), K = classes.length, out = new Float64Array(q.rows * K);
    for (let i = 0; i < q.rows; i++) {
      const o = i * K;
      if (kind === 'binary') {
        const p = 1 / (1 + Math.exp(-z.data[i]));
        out[o] = 1 - p; out[o + 1] = p;
      } else if (kind === 'ovr') {
        let sum = 0;
        for (let c = 0; c < K; c++) { out[o + c] = 1 / (1 + Math.exp(-z.data[o + c])); sum += out[o + c]; }
        for (let c = 0; c < K; c++) out[o + c] /= sum;
      } else {
        let max = -Infinity, sum = 0;
        for (let c = 0; c < K; c++) max = Math.max(max, z.data[o + c]);
        for (let c = 0; c < K; c++) { out[o + c] = Math.exp(z.data[o + c] - max); sum += out[o + c]; }
        for (let c = 0; c < K; c++) out[o + c] /= sum;
      }
    }
    return new Matrix(out, q.rows, K);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return this.probabilities(X).rowArgmax();
  }
}
