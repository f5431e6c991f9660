import { fail, type Generator } from '@tessera/tensor';
import type { Matrix } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';
import { binFeatures } from '../tree/binning.js';
import { growOptions } from '../tree/decision-tree.js';
import { treeParams, type MaxFeatures } from '../tree/params.js';
import { applyTree, treeImportances, type TreeArrays } from '../tree/tree-arrays.js';
import { bootstrapWeights, type ForestJob } from './forest-job.js';
import { growTrees, resolveJobs, type GrowReport } from './pool.js';

export function forestParams<const C extends string>(criterion: C, criteria: readonly C[], maxFeatures: MaxFeatures) {
  return {
    nEstimators: param.int(100, 'Number of trees.', { min: 1 }),
    ...treeParams(criterion, criteria, maxFeatures),
    bootstrap: param.bool(true, 'Grow each tree on a bootstrap sample (n draws with replacement) instead of all rows.'),
    oobScore: param.bool(false, 'Score each training row with the trees that did not see it (needs bootstrap).'),
    nJobs: param.int(-1, 'Worker threads growing trees: -1 all cores, -2 all but one, 1 sequential on the calling thread.'),
  } as const;
}

export const CLASSIFIER_PARAMS = forestParams('gini', ['gini', 'entropy'], 'sqrt');
export const REGRESSOR_PARAMS = forestParams('squared_error', ['squared_error'], 1);

/** Fitted state shared by both forests. */
export interface ForestBase {
  readonly trees: TreeArrays[];
  readonly seeds: Int32Array;
  readonly featureImportances: Float64Array;
  readonly threads: number;
  readonly fallback: string | null;
}

/** An out-of-bag attribute of a fitted forest, or an error that says how to get it. */
export function outOfBagAttribute<T>(estimator: string, attribute: string, value: T | null): T {
  if (value === null) fail(`${estimator}.${attribute}`, 'fit with oobScore: true (and bootstrap: true) to get out-of-bag results');
  return value;
}

/** Worker threads a fit used (0: sequential), and why it fell back if it did. */
export function threadReport(state: ForestBase): { threads: number; fallback: string | null } {
  return { threads: state.threads, fallback: state.fallback };
}

/** Bins X once, draws tree seeds and bootstrap weights (Philox), grows the trees, averages importances. */
export async function growForest(op: string, p: ParamsOf<typeof CLASSIFIER_PARAMS> | ParamsOf<typeof REGRESSOR_PARAMS>,
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
export function outOfBagRows(w: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] === 0) rows.push(i);
  return Int32Array.from(rows);
}

/** Adds one tree's normalized leaf class shares for each row of q into out (at rows[i], or i). */
export function addProba(t: TreeArrays, q: Matrix, out: Float64Array, rows: Int32Array | null): void {
  const leaves = applyTree(t, q.data, q.rows, q.cols), c = t.width;
  for (let i = 0; i < q.rows; i++) {
    const o = leaves[i] * c, dst = (rows ? rows[i] : i) * c;
    let total = 0;
    for (let k = 0; k < c; k++) total += t.value[o + k];
    for (let k = 0; k < c; k++) out[dst + k] += t.value[o + k] / total;
  }
}

