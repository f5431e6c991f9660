import { fail, type Generator } from '@tessera/tensor';
import { BaseClassifier, BaseRegressor, r2, type ClassifierState, type RegressorState } from '../core/bases.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { checkTargets, encodeLabels, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';
import { binFeatures } from '../tree/binning.js';
import { growOptions } from '../tree/decision-tree.js';
import { treeParams, type MaxFeatures } from '../tree/params.js';
import { applyTree, treeImportances, type TreeArrays } from '../tree/tree-arrays.js';
import { bootstrapWeights, type ForestJob } from './forest-job.js';
import { growTrees, resolveJobs, type GrowReport } from './pool.js';

function forestParams<const C extends string>(criterion: C, criteria: readonly C[], maxFeatures: MaxFeatures) {
  return {
    nEstimators: param.int(100, 'Number of trees.', { min: 1 }),
    ...treeParams(criterion, criteria, maxFeatures),
    bootstrap: param.bool(true, 'Grow each tree on a bootstrap sample (n draws with replacement) instead of all rows.'),
    oobScore: param.bool(false, 'Score each training row with the trees that did not see it (needs bootstrap).'),
    nJobs: param.int(-1, 'Worker threads growing trees: -1 all cores, -2 all but one, 1 sequential on the calling thread.'),
  } as const;
}

const CLASSIFIER_PARAMS = forestParams('gini', ['gini', 'entropy'], 'sqrt');
const REGRESSOR_PARAMS = forestParams('squared_error', ['squared_error'], 1);

interface ForestBase {
  readonly trees: TreeArrays[];
  readonly seeds: Int32Array;
  readonly featureImportances: Float64Array;
  readonly threads: number;
  readonly fallback: string | null;
}

async function growForest(op: string, p: ParamsOf<typeof CLASSIFIER_PARAMS> | ParamsOf<typeof REGRESSOR_PARAMS>,
  m: Matrix, target: ForestJob['target'], g: Generator): Promise<{ seeds: Int32Array; trees: TreeArrays[]; report: GrowReport; importances: Float64Array; outOfBag: Int32Array[] }> {
  if (p.oobScore && !p.bootstrap) fail(`${op}`, 'oobScore needs bootstrap: true');
  const job: ForestJob = { data: binFeatures(m), target, options: growOptions(op, p, m.cols), bootstrap: p.bootstrap };
  const seeds = g.randomInts(p.nEstimators, 2 ** 31);
  const tasks = Array.from(seeds, (seed) => ({ seed, weights: bootstrapWeights(g, m.rows, p.bootstrap) }));
  const { trees, report } = await growTrees(job, tasks, await resolveJobs(p.nJobs));
  const importances = new Float64Array(m.cols);
  let used = 0;
  for (const t of trees) {
    if (t.nodeCount <= 1) continue;
    const ti = treeImportances(t, m.cols);
    for (let f = 0; f < m.cols; f++) importances[f] += ti[f];
    used++;
  }
  let total = 0;
  for (let f = 0; f < m.cols; f++) total += importances[f];
  if (used > 0 && total > 0) for (let f = 0; f < m.cols; f++) importances[f] /= total;
  return { seeds, trees, report, importances, outOfBag: tasks.map((t) => outOfBagRows(t.weights)) };
}

/** Rows a tree did not draw (its out-of-bag rows). */
function outOfBagRows(w: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] === 0) rows.push(i);
  return Int32Array.from(rows);
}

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
  get oobScore_(): number {
    const s = this.fitted('oobScore_').oobScore;
    if (s === null) fail(`${this.estimatorName}.oobScore_`, 'fit with oobScore: true to get an out-of-bag score');
    return s;
  }
  get oobDecisionFunction_(): Matrix {
    const s = this.fitted('oobDecisionFunction_').oobDecisionFunction;
    if (s === null) fail(`${this.estimatorName}.oobDecisionFunction_`, 'fit with oobScore: true');
    return s;
  }
  /** Worker threads the last fit used (0: sequential), and why it fell back if it did. */
  get threads_(): { threads: number; fallback: string | null } {
    const s = this.fitted('threads_');
    return { threads: s.threads, fallback: s.fallback };
  }

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
    const p = this.proba(X), c = p.cols, out = new Int32Array(p.rows);
    for (let i = 0; i < p.rows; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (p.data[i * c + k] > p.data[i * c + best]) best = k;
      out[i] = best;
    }
    return out;
  }
}

/** Adds one tree's normalized leaf class shares for each row of q into out (at rows[i], or i). */
function addProba(t: TreeArrays, q: Matrix, out: Float64Array, rows: Int32Array | null): void {
  const leaves = applyTree(t, q.data, q.rows, q.cols), c = t.width;
  for (let i = 0; i < q.rows; i++) {
    const o = leaves[i] * c, dst = (rows ? rows[i] : i) * c;
    let total = 0;
    for (let k = 0; k < c; k++) total += t.value[o + k];
    for (let k = 0; k < c; k++) out[dst + k] += t.value[o + k] / total;
  }
}

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
  get oobScore_(): number {
    const s = this.fitted('oobScore_').oobScore;
    if (s === null) fail(`${this.estimatorName}.oobScore_`, 'fit with oobScore: true to get an out-of-bag score');
    return s;
  }
  get oobPrediction_(): Float64Array {
    const s = this.fitted('oobPrediction_').oobPrediction;
    if (s === null) fail(`${this.estimatorName}.oobPrediction_`, 'fit with oobScore: true');
    return s;
  }
  get threads_(): { threads: number; fallback: string | null } {
    const s = this.fitted('threads_');
    return { threads: s.threads, fallback: s.fallback };
  }

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
