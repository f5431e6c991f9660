import type { CaseContext, HandlerResult } from '@tessera/conformance';
import { KNeighborsClassifier } from '../neighbors/knn-classifier.js';
import { tensorLike } from './values.js';
import { caseDataset, rows } from './datasets.js';

/** Distances that differ by less than this (relative) are the same distance computed two ways. */
const TIE = 1e-9;

function sameDistance(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Class voted for by the given neighbours (smallest class on a tied vote), and whether the vote tied. */
function vote(labels: number[], dists: number[], weights: string, nClasses: number): { label: number; tie: boolean } {
  const score = new Float64Array(nClasses);
  const zero = weights === 'distance' && dists.some((d) => d === 0);
  labels.forEach((c, j) => { score[c] += weights === 'uniform' ? 1 : zero ? (dists[j] === 0 ? 1 : 0) : 1 / dists[j]; });
  let best = 0;
  for (let c = 1; c < nClasses; c++) if (score[c] > score[best]) best = c;
  const tie = Array.from(score).filter((s, c) => c !== best && sameDistance(s, score[best])).length > 0;
  return { label: best, tie };
}

function* combinations(items: number[], r: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === r) { yield chosen; return; }
  for (let i = start; i <= items.length - (r - chosen.length); i++) yield* combinations(items, r, i + 1, [...chosen, items[i]]);
}

/**
 * kNN classification on a fixed iris split. Besides the predictions, the handler derives the
 * tie analysis the fixture lists (rows whose k-th and (k+1)-th distances tie, rows whose label
 * depends on how those ties are broken — found by trying every choice among the tied
 * neighbours — and rows with a tied vote), which the runner compares with the fixture's.
 *
 * No row is skipped: the search reproduces scikit-learn's distance arithmetic and heap rule,
 * so even the rows the fixture calls ambiguous get scikit-learn's neighbours.
 */
export async function knnClassifier(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const train = rows(ds, ctx.attr<number[]>('train_idx')), test = rows(ds, ctx.attr<number[]>('test_idx'));
  const k = ctx.attr<number>('k'), weights = ctx.attr<'uniform' | 'distance'>('weights');
  const metric = ctx.attr<'euclidean' | 'manhattan'>('metric');
  const model = await new KNeighborsClassifier({ nNeighbors: k, weights, metric, algorithm: 'direct' }).fit(train.x, train.y);
  const predictions = model.predict(test.x) as number[];
  const proba = model.predictProba(test.x);
  const all = model.kneighbors(test.x, train.x.rows);
  const n = train.x.rows, nClasses = model.classes_.length;
  const tieRows: number[] = [], ambiguous: number[] = [], voteTies: number[] = [];
  for (let q = 0; q < test.x.rows; q++) {
    const dist = (j: number) => all.distances.data[q * n + j];
    const label = (j: number) => train.y[all.indices[q * n + j]];
    if (sameDistance(dist(k - 1), dist(k))) tieRows.push(q);
    const chosen = Array.from({ length: k }, (_, j) => j);
    if (vote(chosen.map(label), chosen.map(dist), weights, nClasses).tie) voteTies.push(q);
    const boundary = dist(k - 1);
    const fixed = chosen.filter((j) => !sameDistance(dist(j), boundary));
    const tied = Array.from({ length: n }, (_, j) => j).filter((j) => sameDistance(dist(j), boundary));
    const outcomes = new Set<number>();
    for (const pick of combinations(tied, k - fixed.length)) {
      const js = [...fixed, ...pick];
      outcomes.add(vote(js.map(label), js.map(dist), weights, nClasses).label);
    }
    if (outcomes.size > 1) ambiguous.push(q);
  }
  const accuracy = predictions.filter((p, i) => p === test.y[i]).length / predictions.length;
  return {
    outputs: {
      predictions, accuracy, predict_proba: tensorLike(proba.data, [proba.rows, proba.cols]),
      rows_with_distance_tie_at_k: tieRows, ambiguous_prediction_rows: ambiguous, vote_tie_rows: voteTies,
    },
  };
}
