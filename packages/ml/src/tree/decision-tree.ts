import { BaseClassifier, BaseRegressor, type ClassifierState, type RegressorState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { checkTargets, encodeLabels, type LabelsLike } from '../core/labels.js';
import type { ParamsOf } from '../core/params.js';
import { binFeatures } from './binning.js';
import { growTree, type Criterion, type GrowOptions } from './grow.js';
import { applyTree, treeDepth, treeImportances, type TreeArrays } from './tree-arrays.js';
import { resolveMaxFeatures, treeParams } from './params.js';

const CLASSIFIER_PARAMS = treeParams('gini', ['gini', 'entropy'], null);
const REGRESSOR_PARAMS = treeParams('squared_error', ['squared_error'], null);

type TreeParams = ParamsOf<typeof CLASSIFIER_PARAMS> | ParamsOf<typeof REGRESSOR_PARAMS>;

export function growOptions(op: string, p: TreeParams, d: number): GrowOptions {
  return {
    criterion: p.criterion as Criterion, maxDepth: p.maxDepth ?? -1, minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf, maxFeatures: resolveMaxFeatures(op, p.maxFeatures, d), minImpurityDecrease: p.minImpurityDecrease,
  };
}

/** The splitter's seed: randomState itself (as scikit-learn seeds its splitter), or a fresh one. */
function treeSeed(randomState: number | null): number {
  return randomState ?? Math.floor(Math.random() * 2 ** 31);
}

interface ClassifierTreeState extends ClassifierState {
  readonly tree: TreeArrays;
  readonly featureImportances: Float64Array;
}

/**
 * A CART classification tree (scikit-learn's `DecisionTreeClassifier`): exact best splits on
 * every feature, gini or entropy, thresholds midway between consecutive values.
 *
 * ```ts
 * const tree = await new DecisionTreeClassifier({ maxDepth: 2 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * tree.predict([[0.4], [2.6]]);   // [0, 1]
 * tree.tree_.threshold[0];        // 1.5
 * ```
 */
export class DecisionTreeClassifier extends BaseClassifier<typeof CLASSIFIER_PARAMS, ClassifierTreeState> {
  constructor(params: Partial<ParamsOf<typeof CLASSIFIER_PARAMS>> = {}) {
    super('DecisionTreeClassifier', CLASSIFIER_PARAMS, params);
  }

  get tree_(): TreeArrays { return this.fitted('tree_').tree; }
  get featureImportances_(): Float64Array { return this.fitted('featureImportances_').featureImportances; }
  getDepth(): number { return treeDepth(this.fitted('getDepth').tree); }
  getNLeaves(): number { const t = this.fitted('getNLeaves').tree; let k = 0; for (let i = 0; i < t.nodeCount; i++) if (t.left[i] === -1) k++; return k; }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const { classes, encoded } = await encodeLabels(op, y, m.rows);
    const tree = growTree(binFeatures(m), { nClasses: classes.length, classes: encoded }, new Float64Array(m.rows).fill(1),
      growOptions(op, this.params, m.cols), treeSeed(this.params.randomState));
    this.state = { classes, nFeaturesIn: m.cols, tree, featureImportances: treeImportances(tree, m.cols) };
    return this;
  }

  /** Index of the leaf each sample reaches. */
  apply(X: MatrixLike): Int32Array {
    const q = this.input('apply', X);
    return applyTree(this.fitted('apply').tree, q.data, q.rows, q.cols);
  }

  /** Class shares of the training samples in each sample's leaf. */
  predictProba(X: MatrixLike): Matrix {
    return this.proba(this.input('predictProba', X));
  }

  private proba(q: Matrix): Matrix {
    const { tree } = this.fitted('predictProba');
    const leaves = applyTree(tree, q.data, q.rows, q.cols), c = tree.width;
    const out = new Float64Array(q.rows * c);
    for (let i = 0; i < q.rows; i++) {
      const o = leaves[i] * c;
      let total = 0;
      for (let k = 0; k < c; k++) total += tree.value[o + k];
      for (let k = 0; k < c; k++) out[i * c + k] = tree.value[o + k] / total;
    }
    return new Matrix(out, q.rows, c);
  }

  protected predictIndices(X: Matrix): Int32Array {
    return this.proba(X).rowArgmax();
  }
}

interface RegressorTreeState extends RegressorState {
  readonly tree: TreeArrays;
  readonly featureImportances: Float64Array;
}

/**
 * A CART regression tree with the squared-error criterion (scikit-learn's `DecisionTreeRegressor`).
 *
 * ```ts
 * const tree = await new DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1], [2], [3]], [0, 0, 10, 10]);
 * tree.predict([[2.5]]);   // Float64Array [10]
 * ```
 */
export class DecisionTreeRegressor extends BaseRegressor<typeof REGRESSOR_PARAMS, RegressorTreeState> {
  constructor(params: Partial<ParamsOf<typeof REGRESSOR_PARAMS>> = {}) {
    super('DecisionTreeRegressor', REGRESSOR_PARAMS, params);
  }

  get tree_(): TreeArrays { return this.fitted('tree_').tree; }
  get featureImportances_(): Float64Array { return this.fitted('featureImportances_').featureImportances; }
  getDepth(): number { return treeDepth(this.fitted('getDepth').tree); }

  async fit(X: MatrixLike, y: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const m = await checkMatrixAsync(op, X);
    const values = await checkTargets(op, y, m.rows);
    const tree = growTree(binFeatures(m), { nClasses: 0, values }, new Float64Array(m.rows).fill(1),
      growOptions(op, this.params, m.cols), treeSeed(this.params.randomState));
    this.state = { nFeaturesIn: m.cols, tree, featureImportances: treeImportances(tree, m.cols) };
    return this;
  }

  apply(X: MatrixLike): Int32Array {
    const q = this.input('apply', X);
    return applyTree(this.fitted('apply').tree, q.data, q.rows, q.cols);
  }

  protected predictValues(q: Matrix): Float64Array {
    const { tree } = this.fitted('predict');
    const leaves = applyTree(tree, q.data, q.rows, q.cols);
    return Float64Array.from(leaves, (leaf) => tree.value[leaf]);
  }
}
