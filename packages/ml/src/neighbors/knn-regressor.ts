import { BaseRegressor, type RegressorState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { checkTargets, type LabelsLike } from '../core/labels.js';
import type { ParamsOf } from '../core/params.js';
import { KNN_PARAMS, neighbourWeights, searchWith, trainingRows } from './params.js';

interface State extends RegressorState {
  readonly X: Matrix;
  readonly y: Float64Array;
}

/**
 * k-nearest-neighbour regression: the (weighted) mean target of the nearest training rows
 * (scikit-learn's `KNeighborsRegressor`).
 *
 * ```ts
 * const knn = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2]], [0, 1, 4]);
 * knn.predict([[1.6]]);   // Float64Array [2.5]
 * ```
 */
export class KNeighborsRegressor extends BaseRegressor<typeof KNN_PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof KNN_PARAMS>> = {}) {
    super('KNeighborsRegressor', KNN_PARAMS, params);
  }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const targets = await checkTargets(op, y, m.rows);
    this.state = { nFeaturesIn: m.cols, X: trainingRows(op, m, this.params.nNeighbors), y: targets };
    return this;
  }

  protected predictValues(q: Matrix): Float64Array {
    const { X, y } = this.fitted('predict');
    const k = this.params.nNeighbors;
    const r = searchWith(this.params, X, q, k, this.params.weights === 'distance');
    const out = new Float64Array(q.rows);
    const w = new Float64Array(k);
    for (let i = 0; i < q.rows; i++) {
      neighbourWeights(r.distances, i * k, k, this.params.weights, w);
      let s = 0, total = 0;
      for (let j = 0; j < k; j++) { s += w[j] * y[r.indices[i * k + j]]; total += w[j]; }
      out[i] = s / total;
    }
    return out;
  }
}
