import { fail } from '@tessera/tensor';
import { BaseClassifier, type ClassifierState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabels, type LabelsLike } from '../core/labels.js';
import type { ParamsOf } from '../core/params.js';
import { KNN_PARAMS, neighbourWeights, searchWith, trainingRows } from './params.js';
import type { Neighbors } from './search.js';

interface State extends ClassifierState {
  readonly X: Matrix;
  readonly y: Int32Array;
}

/**
 * k-nearest-neighbour classification by brute-force search (scikit-learn's
 * `KNeighborsClassifier`). Equal distances are broken by training order; a tied vote goes to
 * the smallest class label.
 *
 * ```ts
 * const knn = await new KNeighborsClassifier({ nNeighbors: 3 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * knn.predict([[1.1]]);   // [0]
 * ```
 */
export class KNeighborsClassifier extends BaseClassifier<typeof KNN_PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof KNN_PARAMS>> = {}) {
    super('KNeighborsClassifier', KNN_PARAMS, params);
  }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    this.state = { classes, nFeaturesIn: m.cols, X: trainingRows(op, m, this.params.nNeighbors), y: encoded };
    return this;
  }

  /** Distances and training indices of each row's nearest neighbours, nearest first ([n, k] each). */
  kneighbors(X: MatrixLike, nNeighbors = this.params.nNeighbors): { distances: Matrix; indices: Int32Array } {
    const q = this.input('kneighbors', X);
    const r = this.search(q, nNeighbors, true);
    return { distances: new Matrix(r.distances, q.rows, r.k), indices: r.indices };
  }

  private search(q: Matrix, k: number, distances: boolean): Neighbors {
    const { X } = this.fitted('kneighbors');
    if (!Number.isInteger(k) || k < 1 || k > X.rows) fail(`${this.estimatorName}.kneighbors`, `nNeighbors must be in [1, ${X.rows}], got ${k}`);
    return searchWith(this.params, X, q, k, distances);
  }

  /** Share of the (weighted) neighbour votes each class gets: [n, classes]. */
  predictProba(X: MatrixLike): Matrix {
    return this.votes(this.input('predictProba', X));
  }

  protected predictIndices(X: Matrix): Int32Array {
    return this.votes(X).rowArgmax();
  }

  private votes(q: Matrix): Matrix {
    const { y, classes } = this.fitted('predict');
    const k = this.params.nNeighbors;
    // Uniform votes need only which rows are nearest, not their distances.
    const r = this.search(q, k, this.params.weights === 'distance');
    const c = classes.length;
    const out = new Float64Array(q.rows * c);
    const w = new Float64Array(k);
    for (let i = 0; i < q.rows; i++) {
      neighbourWeights(r.distances, i * k, k, this.params.weights, w);
      let total = 0;
      for (let j = 0; j < k; j++) { out[i * c + y[r.indices[i * k + j]]] += w[j]; total += w[j]; }
      for (let j = 0; j < c; j++) out[i * c + j] /= total;
    }
    return new Matrix(out, q.rows, c);
  }
}
