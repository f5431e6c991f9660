import { fail } from '@tessera/tensor';
import { getScorer, type Scorer } from '@tessera/metrics';
import type { AnyEstimator } from '../core/estimator.js';
import type { Matrix, MatrixLike } from '../core/matrix.js';
import { labelList, type LabelsLike } from '../core/labels.js';

/** A scorer name from `@tessera/metrics` ('accuracy', 'f1_macro', 'neg_mean_squared_error', ...), a Scorer, or a function. */
export type Scoring = string | Scorer | ((estimator: AnyEstimator, X: MatrixLike, y: LabelsLike) => number | Promise<number>);

/** A resolved scorer: always "greater is better" (losses are negated, as in scikit-learn). */
export type ScoreFn = (estimator: AnyEstimator, X: MatrixLike, y: LabelsLike) => Promise<number>;

function plain(value: Matrix | ArrayLike<unknown>): number[][] | number[] | (number | string)[] {
  if ('rows' in value && 'cols' in value) {
    const m = value as Matrix;
    return m.cols === 1 ? Array.from(m.data) : m.toArray();
  }
  return Array.from(value as ArrayLike<number | string>) as (number | string)[];
}

function call(op: string, estimator: AnyEstimator, method: 'predict' | 'predictProba' | 'decisionFunction', X: MatrixLike): Matrix | ArrayLike<unknown> {
  const f = estimator[method] as ((x: MatrixLike) => Matrix | ArrayLike<unknown>) | undefined;
  if (typeof f !== 'function') fail(op, `${estimator.estimatorName} has no ${method}()`);
  return f.call(estimator, X);
}

/** Turns a scoring spec into a function; undefined uses the estimator's own `score`. */
export function resolveScoring(scoring: Scoring | undefined): ScoreFn {
  if (scoring === undefined) {
    return async (est, X, y) => {
      if (typeof est.score !== 'function') fail('scoring', `${est.estimatorName} has no score(); pass a scoring name`);
      return est.score(X, y);
    };
  }
  if (typeof scoring === 'function') return async (est, X, y) => scoring(est, X, y);
  const scorer = getScorer(scoring);
  const op = `scorer '${scorer.name}'`;
  return async (est, X, y) => {
    let output: Matrix | ArrayLike<unknown>;
    if (scorer.needs === 'predictions') output = call(op, est, 'predict', X);
    else if (scorer.needs === 'probabilities') output = call(op, est, 'predictProba', X);
    else output = typeof est.decisionFunction === 'function' ? call(op, est, 'decisionFunction', X) : call(op, est, 'predictProba', X);
    return scorer.score(labelList(op, y) as never, plain(output) as never);
  };
}

/** Several named scorings (an array of names or a record of specs), or one under the name 'score'. */
export function resolveScorings(scoring: Scoring | readonly string[] | Readonly<Record<string, Scoring>> | undefined): Record<string, ScoreFn> {
  if (Array.isArray(scoring)) return Object.fromEntries(scoring.map((name: string) => [name, resolveScoring(name)]));
  if (scoring !== undefined && typeof scoring === 'object' && !('score' in scoring && 'needs' in scoring)) {
    return Object.fromEntries(Object.entries(scoring as Record<string, Scoring>).map(([k, v]) => [k, resolveScoring(v)]));
  }
  return { score: resolveScoring(scoring as Scoring | undefined) };
}
