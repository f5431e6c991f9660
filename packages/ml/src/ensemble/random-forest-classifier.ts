import { BaseClassifier, type ClassifierState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabels, type LabelsLike } from '../core/labels.js';
import type { ParamsOf } from '../core/params.js';
import type { TreeArrays } from '../tree/tree-arrays.js';
import { addProba, CLASSIFIER_PARAMS, growForest, outOfBagAttribute, threadReport, type ForestBase } from './forest-common.js';

interface ClassifierForestState extends ClassifierState, ForestBase {
  readonly oobScore: number | null;
  readonly oobDecisionFunction: Matrix | null;
}

/**
 * A random forest of CART classification trees (scikit-learn's `RandomForestClassifier`):
 * bootstrap rows, `maxFeatures` features drawn per split, class probabilities averaged over
 * trees, out-of-bag score, impurity-based feature importances. Trees grow in parallel worker
 * threads (Node) and sequentially where threads are unavailable; each tree's randomness comes
 * from its own seed, so the forest is the same either way.
 *
 * ```ts
 * const rf = await new RandomForestClassifier({ nEstimators: 50, randomState: 0, oobScore: true }).fit(X, y);
 * rf.predict(XTest);
 * rf.oobScore_;               // accuracy on out-of-bag rows
 * rf.featureImportances_;     // sums to 1
 * ```
 */
export class RandomForestClassifier extends BaseClassifier<typeof CLASSIFIER_PARAMS, ClassifierForestState> {
  constructor(params: Partial<ParamsOf<typeof CLASSIFIER_PARAMS>> = {}) {
    super('RandomForestClassifier', CLASSIFIER_PARAMS, params);
  }

  get estimators_(): readonly TreeArrays[] { return this.fitted('estimators_').trees; }
  get featureImportances_(): Float64Array { return this.fitted('featureImportances_').featureImportances; }
  get oobScore_(): number { return outOfBagAttribute(this.estimatorName, 'oobScore_', this.fitted('oobScore_').oobScore); }
  get oobDecisionFunction_(): Matrix { return outOfBagAttribute(this.estimatorName, 'oobDecisionFunction_', this.fitted('oobDecisionFunction_').oobDecisionFunction); }
  /** Worker threads the last fit used (0: sequential), and why it fell back if it did. */
  get threads_(): { threads: number; fallback: string | null } { return threadReport(this.fitted('threads_')); }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    const grown = await growForest(op, this.params, m, { nClasses: classes.length, classes: encoded }, this.generator());
    let oobScore: number | null = null, oobDecisionFunction: Matrix | null = null;
    if (this.params.oobScore) {
      const c = classes.length, votes = new Float64Array(m.rows * c);
      grown.trees.forEach((t, i) => {
        const rows = grown.outOfBag[i];
        const sub = m.takeRows(rows);
        addProba(t, sub, votes, rows);
      });
      let hit = 0, seen = 0;
      for (let i = 0; i < m.rows; i++) {
        let total = 0, best = 0;
        for (let k = 0; k < c; k++) { total += votes[i * c + k]; if (votes[i * c + k] > votes[i * c + best]) best = k; }
        if (total === 0) { for (let k = 0; k < c; k++) votes[i * c + k] = Number.NaN; continue; }
        for (let k = 0; k < c; k++) votes[i * c + k] /= total;
        seen++;
        if (best === encoded[i]) hit++;
      }
      oobScore = seen > 0 ? hit / seen : Number.NaN;
      oobDecisionFunction = new Matrix(votes, m.rows, c);
    }
    this.state = {
      classes, nFeaturesIn: m.cols, trees: grown.trees, seeds: grown.seeds, featureImportances: grown.importances,
      threads: grown.report.threads, fallback: grown.report.fallback ?? null, oobScore, oobDecisionFunction,
    };
    return this;
  }

  /** Mean over trees of the class shares in each sample's leaf. */
  predictProba(X: MatrixLike): Matrix {
    return this.proba(this.input('predictProba', X));
  }

  private proba(q: Matrix): Matrix {
    const { trees, classes } = this.fitted('predictProba');
    const c = classes.length, out = new Float64Array(q.rows * c);
    for (const t of trees) addProba(t, q, out, null);
    for (let i = 0; i < out.length; i++) out[i] /= trees.length;
    return new Matrix(out, q.rows, c);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return this.proba(X).rowArgmax();
  }
}
