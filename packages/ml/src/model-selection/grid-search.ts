import { fail } from '@tessera/tensor';
import { getScorer } from '@tessera/metrics';
import { Estimator, type AnyEstimator, type EstimatorJSON, type EstimatorType } from '../core/estimator.js';
import type { Matrix, MatrixLike } from '../core/matrix.js';
import { labelList, type ClassLabel, type LabelsLike } from '../core/labels.js';
import { param, type ParamsOf } from '../core/params.js';
import type { JsonValue } from '../core/serialize.js';
import { estimatorFromJSON } from '../registry.js';
import { foldsFor } from './cross-validate.js';
import { resolveScoring } from './scoring.js';

export type ParamGrid = Readonly<Record<string, readonly unknown[]>>;

const PARAMS = {
  estimator: param.custom<AnyEstimator | null>(null, 'The estimator to tune (cloned for every fit).', (v) =>
    (v === null || v instanceof Estimator ? undefined : 'must be an estimator')),
  paramGrid: param.custom<ParamGrid | readonly ParamGrid[]>({}, 'Parameter name -> candidate values (or a list of such grids); every combination is tried.', (v) => {
    const grids = Array.isArray(v) ? v : [v];
    return grids.every((g) => typeof g === 'object' && g !== null && Object.values(g).every((vals) => Array.isArray(vals) && vals.length > 0))
      ? undefined : 'must map parameter names to non-empty arrays of values';
  }),
  scoring: param.custom<string | null>(null, "A scorer name of @tessera/metrics ('accuracy', 'f1_macro', 'neg_mean_squared_error', 'r2', ...); null: the estimator's score.",
    (v) => (v === null || typeof v === 'string' ? undefined : `must be a scorer name or null, got ${JSON.stringify(v)}`)),
  cv: param.int(5, 'Number of folds (stratified for classifiers).', { min: 2 }),
  refit: param.bool(true, 'Refit the best parameters on all the data (needed for predict and score).'),
} as const;

export interface CvResults {
  readonly params: Record<string, unknown>[];
  readonly meanTestScore: number[];
  readonly stdTestScore: number[];
  readonly rankTestScore: number[];
  /** splitTestScores[fold][candidate]. */
  readonly splitTestScores: number[][];
}

interface State {
  readonly cvResults: CvResults;
  readonly bestIndex: number;
  readonly bestEstimator: AnyEstimator | null;
  readonly nFeaturesIn: number;
}

/** Every combination of a grid, keys in sorted order (scikit-learn's ParameterGrid order). */
export function expandGrid(grid: ParamGrid | readonly ParamGrid[]): Record<string, unknown>[] {
  const grids = (Array.isArray(grid) ? grid : [grid]) as ParamGrid[];
  const out: Record<string, unknown>[] = [];
  for (const g of grids) {
    const keys = Object.keys(g).sort();
    let combos: Record<string, unknown>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => g[k].map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/**
 * Exhaustive search over parameter combinations by cross-validation, then a refit of the best
 * on all the data (scikit-learn's `GridSearchCV`). The best candidate has the highest mean test
 * score; ties go to the earlier candidate. Nested parameters of a Pipeline use `step__param`.
 *
 * ```ts
 * const search = await new GridSearchCV({
 *   estimator: new KNeighborsClassifier(), paramGrid: { nNeighbors: [1, 3, 5], weights: ['uniform', 'distance'] }, cv: 5,
 * }).fit(X, y);
 * search.bestParams_;   // e.g. { nNeighbors: 3, weights: 'distance' }
 * search.predict(XTest);
 * ```
 */
export class GridSearchCV extends Estimator<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('GridSearchCV', PARAMS, params);
  }

  get estimatorType(): EstimatorType {
    return this.params.estimator?.estimatorType ?? 'classifier';
  }

  static override fromJSON<T extends Estimator>(this: new (params?: never) => T, json: EstimatorJSON | JsonValue): T {
    return Estimator.fromJSON.call(this as never, json, estimatorFromJSON) as T;
  }

  /** Whether the tuned estimator has `method` (predict, predictProba, transform, score). */
  supports(method: string): boolean {
    const e = this.params.estimator as unknown as Record<string, unknown> | null;
    return method !== 'decisionFunction' && e !== null && typeof e[method] === 'function';
  }

  get cvResults_(): CvResults { return this.fitted('cvResults_').cvResults; }
  get bestIndex_(): number { return this.fitted('bestIndex_').bestIndex; }
  get bestParams_(): Record<string, unknown> { const s = this.fitted('bestParams_'); return s.cvResults.params[s.bestIndex]; }
  get bestScore_(): number { const s = this.fitted('bestScore_'); return s.cvResults.meanTestScore[s.bestIndex]; }
  get bestEstimator_(): AnyEstimator {
    const e = this.fitted('bestEstimator_').bestEstimator;
    if (!e) fail(`${this.estimatorName}.bestEstimator_`, 'fit with refit: true to get a refitted best estimator');
    return e;
  }
  get classes_(): readonly ClassLabel[] { return (this.bestEstimator_ as unknown as { classes_: readonly ClassLabel[] }).classes_; }

  async fit(X: MatrixLike, y?: LabelsLike): Promise<this> {
    const op = `${this.estimatorName}.fit`;
    const base = this.params.estimator;
    if (!base) fail(op, 'needs an estimator');
    const candidates = expandGrid(this.params.paramGrid);
    const score = resolveScoring(this.params.scoring ?? undefined);
    const { m, labels, folds } = await foldsFor(base, X, y, this.params.cv);
    const split: number[][] = folds.map(() => []);
    for (const params of candidates) {
      for (let f = 0; f < folds.length; f++) {
        const model = base.clone().setParams(params as never) as AnyEstimator;
        const fold = folds[f];
        const yTrain = labels ? Array.from(fold.train, (i) => labels[i]) : undefined;
        await model.fit(m.takeRows(fold.train), yTrain);
        split[f].push(await score(model, m.takeRows(fold.test), labels ? Array.from(fold.test, (i) => labels[i]) : []));
      }
    }
    const mean = candidates.map((_, c) => split.reduce((s, f) => s + f[c], 0) / folds.length);
    const std = candidates.map((_, c) => Math.sqrt(split.reduce((s, f) => s + (f[c] - mean[c]) ** 2, 0) / folds.length));
    const rank = mean.map((v) => 1 + mean.filter((w) => w > v).length);
    let bestIndex = 0;
    for (let c = 1; c < mean.length; c++) if (mean[c] > mean[bestIndex]) bestIndex = c;
    let bestEstimator: AnyEstimator | null = null;
    if (this.params.refit) {
      bestEstimator = base.clone().setParams(candidates[bestIndex] as never) as AnyEstimator;
      await bestEstimator.fit(m, labels);
    }
    this.state = {
      cvResults: { params: candidates, meanTestScore: mean, stdTestScore: std, rankTestScore: rank, splitTestScores: split },
      bestIndex, bestEstimator, nFeaturesIn: m.cols,
    };
    return this;
  }

  predict(X: MatrixLike): ArrayLike<ClassLabel> {
    const e = this.bestEstimator_;
    if (!e.predict) fail(`${this.estimatorName}.predict`, `${e.estimatorName} has no predict()`);
    return e.predict(X);
  }

  predictProba(X: MatrixLike): Matrix {
    const e = this.bestEstimator_;
    if (!e.predictProba) fail(`${this.estimatorName}.predictProba`, `${e.estimatorName} has no predictProba()`);
    return e.predictProba(X);
  }

  transform(X: MatrixLike): Matrix {
    const e = this.bestEstimator_;
    if (!e.transform) fail(`${this.estimatorName}.transform`, `${e.estimatorName} has no transform()`);
    return e.transform(X);
  }

  /** The search's scoring (or the best estimator's score) on (X, y). */
  score(X: MatrixLike, y: LabelsLike): number {
    const e = this.bestEstimator_;
    if (this.params.scoring === null) {
      if (!e.score) fail(`${this.estimatorName}.score`, `${e.estimatorName} has no score()`);
      return e.score(X, y);
    }
    const scorer = getScorer(this.params.scoring);
    const out = scorer.needs === 'predictions' ? e.predict?.(X) : scorer.needs === 'probabilities' ? e.predictProba?.(X) : (e.decisionFunction ?? e.predictProba)?.call(e, X);
    if (!out) fail(`${this.estimatorName}.score`, `${e.estimatorName} cannot produce what scorer '${scorer.name}' needs`);
    const plain = 'rows' in (out as object) ? ((out as Matrix).cols === 1 ? Array.from((out as Matrix).data) : (out as Matrix).toArray()) : Array.from(out as ArrayLike<number>);
    return scorer.score(labelList(`${this.estimatorName}.score`, y) as never, plain as never);
  }
}
