import { fail } from '@tessera/tensor';
import type { AnyEstimator } from '../core/estimator.js';
import { checkMatrixAsync, type Matrix, type MatrixLike } from '../core/matrix.js';
import { labelList, type ClassLabel, type LabelsLike } from '../core/labels.js';
import { KFold, StratifiedKFold, type CrossValidator, type Fold } from './splitters.js';
import { resolveScorings, type ScoreFn, type Scoring } from './scoring.js';

export interface CrossValidateOptions {
  /**
   * Folds: a splitter, or a number of folds (default 5): stratified for classifiers, plain
   * contiguous folds otherwise, as in scikit-learn.
   */
  readonly cv?: number | CrossValidator;
  /** One scoring, a list of scorer names, or named scorings; default the estimator's `score`. */
  readonly scoring?: Scoring | readonly string[] | Readonly<Record<string, Scoring>>;
  readonly returnTrainScore?: boolean;
  readonly returnEstimator?: boolean;
}

export interface CrossValidateResult {
  /** Per scoring name ('score' for a single scoring), one test score per fold. */
  readonly testScores: Record<string, number[]>;
  readonly trainScores?: Record<string, number[]>;
  /** Seconds per fold. */
  readonly fitTime: number[];
  readonly scoreTime: number[];
  readonly estimators?: AnyEstimator[];
}

export function resolveCv(cv: number | CrossValidator | undefined, estimator: AnyEstimator): CrossValidator {
  if (cv === undefined || typeof cv === 'number') {
    const nSplits = cv ?? 5;
    return estimator.estimatorType === 'classifier' ? new StratifiedKFold({ nSplits }) : new KFold({ nSplits });
  }
  if (typeof cv.split !== 'function') fail('cv', 'must be a number of folds or a splitter with split(n, y)');
  return cv;
}

/** Folds of (X, y) for an estimator, with X checked once. */
export async function foldsFor(estimator: AnyEstimator, X: MatrixLike, y: LabelsLike | undefined, cv: number | CrossValidator | undefined):
  Promise<{ m: Matrix; labels: ClassLabel[] | undefined; folds: Fold[] }> {
  const m = await checkMatrixAsync('crossValidate', X);
  const labels = y === undefined ? undefined : labelList('crossValidate', y);
  if (labels && labels.length !== m.rows) fail('crossValidate', `X has ${m.rows} samples but y has ${labels.length}`);
  return { m, labels, folds: resolveCv(cv, estimator).split(m.rows, labels) };
}

function pick(labels: ClassLabel[], idx: Int32Array): ClassLabel[] {
  return Array.from(idx, (i) => labels[i]);
}

/**
 * Fits a clone of the estimator on each training fold and scores it on the test fold
 * (scikit-learn's `cross_validate`), with one or several scorings.
 *
 * ```ts
 * const r = await crossValidate(new LogisticRegression(), X, y, { cv: 5, scoring: ['accuracy', 'f1_macro'] });
 * r.testScores.accuracy;   // five numbers
 * ```
 */
export async function crossValidate(estimator: AnyEstimator, X: MatrixLike, y: LabelsLike | undefined, options: CrossValidateOptions = {}): Promise<CrossValidateResult> {
  const { m, labels, folds } = await foldsFor(estimator, X, y, options.cv);
  const scorers: Record<string, ScoreFn> = resolveScorings(options.scoring);
  const names = Object.keys(scorers);
  const testScores: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const trainScores: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const fitTime: number[] = [], scoreTime: number[] = [], estimators: AnyEstimator[] = [];
  for (const fold of folds) {
    const model = estimator.clone() as AnyEstimator;
    const xTrain = m.takeRows(fold.train), xTest = m.takeRows(fold.test);
    const yTrain = labels ? pick(labels, fold.train) : undefined, yTest = labels ? pick(labels, fold.test) : [];
    const t0 = performance.now();
    await model.fit(xTrain, yTrain);
    const t1 = performance.now();
    for (const name of names) {
      testScores[name].push(await scorers[name](model, xTest, yTest));
      if (options.returnTrainScore) trainScores[name].push(await scorers[name](model, xTrain, yTrain ?? []));
    }
    fitTime.push((t1 - t0) / 1000);
    scoreTime.push((performance.now() - t1) / 1000);
    if (options.returnEstimator) estimators.push(model);
  }
  return {
    testScores, fitTime, scoreTime,
    ...(options.returnTrainScore ? { trainScores } : {}),
    ...(options.returnEstimator ? { estimators } : {}),
  };
}

/**
 * One test score per fold for a single scoring (scikit-learn's `cross_val_score`). Passing a
 * `GridSearchCV` as the estimator gives nested cross-validation: each outer training fold is
 * tuned by the inner search, and the outer test fold scores the refitted best model.
 *
 * ```ts
 * const scores = await crossValScore(new KNeighborsClassifier(), X, y, { cv: 5 });
 * ```
 */
export async function crossValScore(estimator: AnyEstimator, X: MatrixLike, y: LabelsLike | undefined,
  options: { cv?: number | CrossValidator; scoring?: Scoring } = {}): Promise<number[]> {
  const r = await crossValidate(estimator, X, y, { cv: options.cv, scoring: options.scoring });
  return r.testScores.score;
}
