import { BaseClassifier, type ClassifierState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabels, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';
import { smo } from './smo.js';

const PARAMS = {
  C: param.number(1, 'Penalty on margin violations.', { min: 0, exclusiveMin: true }),
  kernel: param.oneOf('rbf', ['rbf', 'linear'], "'linear': x·z; 'rbf': exp(-gamma ||x - z||²)."),
  gamma: param.custom<number | 'scale' | 'auto'>('scale', "RBF width: 'scale' = 1 / (features · variance of X), 'auto' = 1 / features, or a positive number.",
    (v) => (v === 'scale' || v === 'auto' || (typeof v === 'number' && v > 0 && Number.isFinite(v)) ? undefined : `must be 'scale', 'auto' or a positive number, got ${JSON.stringify(v)}`)),
  tol: param.number(1e-3, 'Stop when the largest KKT violation is below tol.', { min: 0, exclusiveMin: true }),
  maxIter: param.int(10_000_000, 'SMO iteration limit per binary problem (an error when reached).', { min: 1 }),
  cacheSize: param.number(200, 'Kernel row cache in megabytes.', { min: 1 }),
} as const;

/** One one-vs-one machine between classes a < b: support vectors and their y·α. */
interface Machine {
  readonly a: number;
  readonly b: number;
  readonly support: Int32Array;
  readonly coef: Float64Array;
  readonly rho: number;
}

interface State extends ClassifierState {
  readonly supportVectors: Matrix;
  /** Training index of each stored support vector row. */
  readonly supportIndex: Int32Array;
  readonly machines: Machine[];
  readonly gamma: number;
}

/**
 * Support vector classification by SMO (scikit-learn's `SVC`, LIBSVM's algorithm): linear or
 * RBF kernel, one-vs-one machines for more than two classes, prediction by their votes (a tied
 * vote goes to the smallest class). `decisionFunction` gives one column per pair (a, b) in
 * class order, positive when it favours b; for two classes, positive means `classes_[1]`.
 *
 * ```ts
 * const svc = await new SVC({ kernel: 'linear', C: 10 }).fit([[0, 0], [1, 1], [3, 3], [4, 4]], [0, 0, 1, 1]);
 * svc.predict([[0.5, 0.4], [3.8, 3.9]]);   // [0, 1]
 * ```
 */
export class SVC extends BaseClassifier<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('SVC', PARAMS, params);
  }

  get supportVectors_(): Matrix { return this.fitted('supportVectors_').supportVectors; }
  get support_(): Int32Array { return this.fitted('support_').supportIndex; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    const { rows: n, cols: d, data } = m;
    let gamma = 0;
    if (this.params.gamma === 'auto') gamma = 1 / d;
    else if (this.params.gamma === 'scale') {
      let s = 0, s2 = 0;
      for (let i = 0; i < data.length; i++) { s += data[i]; s2 += data[i] * data[i]; }
      const v = s2 / data.length - (s / data.length) ** 2;
      gamma = v > 0 ? 1 / (d * v) : 1;
    } else gamma = this.params.gamma;
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < d; j++) s += data[i * d + j] ** 2; norms[i] = s; }
    const linear = this.params.kernel === 'linear';
    const kernelAt = (i: number, j: number) => {
      let dot = 0;
      for (let f = 0; f < d; f++) dot += data[i * d + f] * data[j * d + f];
      return linear ? dot : Math.exp(-gamma * Math.max(norms[i] + norms[j] - 2 * dot, 0));
    };
    const machines: Machine[] = [];
    const used = new Map<number, number>();
    const K = classes.length;
    for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) {
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (encoded[i] === a || encoded[i] === b) idx.push(i);
      const sub = Int8Array.from(idx, (i) => (encoded[i] === b ? 1 : -1));
      const cacheRows = Math.max(2, Math.floor((this.params.cacheSize * 1e6) / (8 * idx.length)));
      const r = smo(idx.length, sub, (i, j) => kernelAt(idx[i], idx[j]), this.params.C, this.params.tol, this.params.maxIter, cacheRows);
      const support: number[] = [], coef: number[] = [];
      r.alpha.forEach((al, t) => { if (al > 0) { support.push(idx[t]); coef.push(al * sub[t]); } });
      for (const s of support) if (!used.has(s)) used.set(s, used.size);
      machines.push({ a, b, support: Int32Array.from(support, (s) => used.get(s) as number), coef: Float64Array.from(coef), rho: r.rho });
    }
    const supportIndex = Int32Array.from(used.keys());
    this.state = { classes, nFeaturesIn: d, supportVectors: m.takeRows(supportIndex), supportIndex, machines, gamma };
    return this;
  }

  /** One column per class pair (one column for two classes). */
  decisionFunction(X: MatrixLike): Matrix {
    return this.decisions(this.input('decisionFunction', X));
  }

  private decisions(q: Matrix): Matrix {
    const { supportVectors: sv, machines, gamma } = this.fitted('decisionFunction');
    const d = q.cols, nsv = sv.rows;
    const k = new Float64Array(nsv);
    const out = new Float64Array(q.rows * machines.length);
    const svNorms = new Float64Array(nsv);
    for (let s = 0; s < nsv; s++) { let t = 0; for (let j = 0; j < d; j++) t += sv.data[s * d + j] ** 2; svNorms[s] = t; }
    for (let i = 0; i < q.rows; i++) {
      let qn = 0;
      for (let j = 0; j < d; j++) qn += q.data[i * d + j] ** 2;
      for (let s = 0; s < nsv; s++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += q.data[i * d + j] * sv.data[s * d + j];
        k[s] = this.params.kernel === 'linear' ? dot : Math.exp(-gamma * Math.max(qn + svNorms[s] - 2 * dot, 0));
      }
      machines.forEach((mach, c) => {
        let f = -mach.rho;
        for (let t = 0; t < mach.support.length; t++) f += mach.coef[t] * k[mach.support[t]];
        out[i * machines.length + c] = f;
      });
    }
    return new Matrix(out, q.rows, machines.length);
  }

  protected predictIndices(X: Matrix): Int32Array {
    const { machines, classes } = this.fitted('predict');
    const dec = this.decisions(X), m = machines.length, out = new Int32Array(X.rows);
    const votes = new Int32Array(classes.length);
    for (let i = 0; i < X.rows; i++) {
      votes.fill(0);
      machines.forEach((mach, c) => { votes[dec.data[i * m + c] > 0 ? mach.b : mach.a]++; });
      let best = 0;
      for (let k = 1; k < votes.length; k++) if (votes[k] > votes[best]) best = k;
      out[i] = best;
    }
    return out;
  }
}
