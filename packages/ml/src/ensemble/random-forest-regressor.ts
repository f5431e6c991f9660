import { BaseRegressor, r2, type RegressorState } from '../core/bases.js';
import { checkMatrixAsync, type Matrix, type MatrixLike } from '../core/matrix.js';
import { checkTargets, type LabelsLike } from '../core/labels.js';
import type { ParamsOf } from '../core/params.js';
import { applyTree, type TreeArrays } from '../tree/tree-arrays.js';
import { growForest, outOfBagAttribute, REGRESSOR_PARAMS, threadReport, type ForestBase } from './forest-common.js';

interface RegressorForestState extends RegressorState, ForestBase {
  readonly oobScore: number | null;
  readonly oobPrediction: Float64Array | null;
}

/**
 * A random forest of CART regression trees (scikit-learn's `RandomForestRegressor`; by default
 * every feature is examined at each split, as there).
 *
 * ```ts
 * const rf = await new RandomForestRegressor({ nEstimators: 20, randomState: 0 }).fit(X, y);
 * rf.predict(XTest);   // Float64Array
 * ```
 */
export class RandomForestRegressor extends BaseRegressor<typeof REGRESSOR_PARAMS, RegressorForestState> {
  constructor(params: Partial<ParamsOf<typeof REGRESSOR_PARAMS>> = {}) {
    super('RandomForestRegressor', REGRESSOR_PARAMS, params);
  }

  get estimators_(): readonly TreeArrays[] { return this.fitted('estimators_').trees; }
  get featureImportances_(): Float64Array { return this.fitted('featureImportances_').featureImportances; }
  get oobScore_(): number { return outOfBagAttribute(this.estimatorName, 'oobScore_', this.fitted('oobScore_').oobScore); }
  get oobPrediction_(): Float64Array { return outOfBagAttribute(this.estimatorName, 'oobPrediction_', this.fitted('oobPrediction_').oobPrediction); }
  /** Worker threads the last fit used (0: sequential), and why it fell back if it did. */
  get threads_(): { threads: number; fallback: string | null } { return threadReport(this.fitted('threads_')); }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const values = await checkTargets(op, y, m.rows);
    const grown = await growForest(op, this.params, m, { nClasses: 0, values }, this.generator());
    let oobScore: number | null = null, oobPrediction: Float64Array | null = null;
    if (this.params.oobScore) {
      const sum = new Float64Array(m.rows), count = new Int32Array(m.rows);
      grown.trees.forEach((t, i) => {
        const rows = grown.outOfBag[i];
        const leaves = applyTree(t, m.takeRows(rows).data, rows.length, m.cols);
        rows.forEach((r, j) => { sum[r] += t.value[leaves[j]]; count[r]++; });
      });
      oobPrediction = sum.map((s, i) => (count[i] > 0 ? s / count[i] : Number.NaN));
      const seen = Array.from(count.keys()).filter((i) => count[i] > 0);
      oobScore = seen.length > 0 ? r2(seen.map((i) => values[i]), seen.map((i) => (oobPrediction as Float64Array)[i])) : Number.NaN;
    }
    this.state = {
      nFeaturesIn: m.cols, trees: grown.trees, seeds: grown.seeds, featureImportances: grown.importances,
      threads: grown.report.threads, fallback: grown.report.fallback ?? null, oobScore, oobPrediction,
    };
    return this;
  }

  protected predictValues(q: Matrix): Float64Array {
    const { trees } = this.fitted('predict');
    const out = new Float64Array(q.rows);
    for (const t of trees) {
      const leaves = applyTree(t, q.data, q.rows, q.cols);
      for (let i = 0; i < q.rows; i++) out[i] += t.value[leaves[i]];
    }
    for (let i = 0; i < q.rows; i++) out[i] /= trees.length;
    return out;
  }
}
