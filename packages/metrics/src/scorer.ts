import { fail, isTensor, type Tensor } from '@tessera/tensor';
import { accuracyScore, balancedAccuracyScore } from './accuracy.js';
import { labelList, readLabels, readMatrix, type LabelInput, type MatrixInput, type NumericInput } from './input.js';
import { distinctLabels } from './labels.js';
import { logLoss } from './log-loss.js';
import { averagePrecisionScore } from './precision-recall-curve.js';
import { f1Score, precisionScore, recallScore } from './precision-recall-f.js';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.js';
import { rocAucScore } from './roc-auc.js';
import { topKAccuracyScore } from './top-k.js';

/**
 * What a scorer feeds its metric: `predict` output, `predictProba` output, or continuous
 * scores (`decisionFunction`, else `predictProba`), as scikit-learn's predict, proba and
 * threshold scorers.
 */
export type ScorerNeeds = 'predictions' | 'probabilities' | 'scores';

/** The parts of an estimator a scorer uses; methods may return arrays, tensors or promises. */
export interface ScorableEstimator {
  predict?(x: unknown): unknown;
  predictProba?(x: unknown): unknown;
  decisionFunction?(x: unknown): unknown;
}

/** Targets or model outputs: labels, values, score vectors or probability matrices. */
export type ScorerInput = LabelInput | MatrixInput;

/** A metric a scorer wraps: (targets, model output) → number. */
export type ScoreFunction = (yTrue: ScorerInput, output: ScorerInput) => number;

export interface Scorer {
  readonly name: string;
  readonly needs: ScorerNeeds;
  readonly greaterIsBetter: boolean;
  /** +1, or -1 for losses: scores are always "greater is better" (neg_mean_squared_error). */
  readonly sign: 1 | -1;
  /**
   * The signed score of model outputs already computed. For a binary target and a two-column
   * probability output, the second column (the greater class, scikit-learn's `classes_[1]`) is used.
   */
  score(yTrue: ScorerInput, output: ScorerInput): number;
  /** Calls the estimator's method on `x` (awaiting it if async) and scores against `y`. Tensors it returns are disposed. */
  evaluate(estimator: ScorableEstimator, x: unknown, y: ScorerInput): Promise<number>;
}

export interface MakeScorerOptions {
  readonly greaterIsBetter?: boolean;
  readonly needs?: ScorerNeeds;
}

function isBinaryTarget(name: string, y: ScorerInput): boolean {
  if (Array.isArray(y) && Array.isArray(y[0])) return false;
  return distinctLabels(readLabels(`scorer '${name}'`, 'yTrue', y as LabelInput)).size <= 2;
}

/** scikit-learn's `_select_proba_binary`: the positive (greater) class's probability column. */
function positiveColumn(name: string, output: MatrixInput): MatrixInput {
  const m = readMatrix(`scorer '${name}'`, 'output', output);
  if (m.ndim === 1 || m.cols === 1) return output;
  if (m.cols !== 2) fail(`scorer '${name}'`, `got ${m.cols} probability columns for a binary target; the classifier must have two classes`);
  return Float64Array.from({ length: m.rows }, (_, i) => m.data[i * 2 + 1]);
}

/** Reads a tensor into arrays; `owned` tensors (model outputs) are disposed afterwards. */
async function materialize(value: unknown, owned: boolean): Promise<ScorerInput> {
  const v = await value;
  if (!isTensor(v)) return v as ScorerInput;
  const t = v as Tensor;
  const data = await t.data();
  const shape = [...t.shape];
  if (owned) t.dispose();
  if (shape.length !== 2) return data;
  return Array.from({ length: shape[0] }, (_, i) => Array.from(data.subarray(i * shape[1], (i + 1) * shape[1])));
}

/**
 * Wraps a metric as a scorer, as scikit-learn's `make_scorer`.
 *
 * ```ts
 * const f2 = makeScorer('f2', (y, p) => fbetaScore(y, p, { beta: 2 }));
 * f2.score([0, 1, 1], [0, 1, 0]); // 0.5556
 * ```
 */
export function makeScorer(name: string, metric: ScoreFunction, options: MakeScorerOptions = {}): Scorer {
  const greaterIsBetter = options.greaterIsBetter ?? true;
  const needs = options.needs ?? 'predictions';
  const sign = greaterIsBetter ? 1 : -1;
  const score: Scorer['score'] = (yTrue, output) => {
    const binaryProba = needs !== 'predictions' && isBinaryTarget(name, yTrue);
    return sign * metric(yTrue, binaryProba ? positiveColumn(name, output as MatrixInput) : output);
  };
  const evaluate: Scorer['evaluate'] = async (estimator, x, y) => {
    const method = pickMethod(name, needs, estimator);
    const output = await materialize(method.call(estimator, x), true);
    const yTrue = await materialize(y, false);
    return score(yTrue, output);
  };
  return Object.freeze({ name, needs, greaterIsBetter, sign, score, evaluate });
}

function pickMethod(name: string, needs: ScorerNeeds, e: ScorableEstimator): (x: unknown) => unknown {
  const op = `scorer '${name}'`;
  if (needs === 'predictions') return e.predict ?? fail(op, 'the estimator has no predict method');
  if (needs === 'probabilities') return e.predictProba ?? fail(op, 'needs predictProba, which the estimator does not have');
  return e.decisionFunction ?? e.predictProba ?? fail(op, 'needs decisionFunction or predictProba, which the estimator does not have');
}

type Metric = ScoreFunction;
type Y = LabelInput;
type M = MatrixInput;

const DEFINITIONS: Record<string, readonly [Metric, MakeScorerOptions?]> = {
  accuracy: [(y, p) => accuracyScore(y as Y, p as Y)],
  balanced_accuracy: [(y, p) => balancedAccuracyScore(y as Y, p as Y)],
  top_k_accuracy: [(y, s) => topKAccuracyScore(y as Y, s as M), { needs: 'scores' }],
  roc_auc: [(y, s) => rocAucScore(y as Y, s as M), { needs: 'scores' }],
  roc_auc_ovr: [(y, s) => rocAucScore(y as Y, s as M, { multiClass: 'ovr' }), { needs: 'probabilities' }],
  roc_auc_ovo: [(y, s) => rocAucScore(y as Y, s as M, { multiClass: 'ovo' }), { needs: 'probabilities' }],
  roc_auc_ovr_weighted: [(y, s) => rocAucScore(y as Y, s as M, { multiClass: 'ovr', average: 'weighted' }), { needs: 'probabilities' }],
  roc_auc_ovo_weighted: [(y, s) => rocAucScore(y as Y, s as M, { multiClass: 'ovo', average: 'weighted' }), { needs: 'probabilities' }],
  average_precision: [(y, s) => averagePrecisionScore(y as Y, s as NumericInput), { needs: 'scores' }],
  neg_log_loss: [(y, p) => logLoss(y as Y, p as M), { needs: 'probabilities', greaterIsBetter: false }],
  r2: [(y, p) => r2Score(y as M, p as M)],
  neg_mean_squared_error: [(y, p) => meanSquaredError(y as M, p as M), { greaterIsBetter: false }],
  neg_root_mean_squared_error: [(y, p) => rootMeanSquaredError(y as M, p as M), { greaterIsBetter: false }],
  neg_mean_absolute_error: [(y, p) => meanAbsoluteError(y as M, p as M), { greaterIsBetter: false }],
};
for (const [base, f] of [['precision', precisionScore], ['recall', recallScore], ['f1', f1Score]] as const) {
  DEFINITIONS[base] = [(y, p) => f(y as Y, p as Y, { average: 'binary' })];
  for (const average of ['macro', 'micro', 'weighted'] as const) DEFINITIONS[`${base}_${average}`] = [(y, p) => f(y as Y, p as Y, { average })];
}

const SCORERS = new Map(Object.entries(DEFINITIONS).map(([name, [metric, options]]) => [name, makeScorer(name, metric, options)]));

/** The names `getScorer` accepts, sorted. */
export function getScorerNames(): string[] {
  return [...SCORERS.keys()].sort();
}

/**
 * A named scorer with scikit-learn's name and sign: losses are negated ('neg_log_loss',
 * 'neg_mean_squared_error') so that greater is always better. A Scorer passes through.
 *
 * ```ts
 * getScorer('f1_macro').score([0, 1, 2, 2], [0, 2, 2, 1]);          // 0.5
 * getScorer('neg_mean_squared_error').score([1, 2], [1, 4]);         // -2
 * await getScorer('accuracy').evaluate(model, xTest, yTest);
 * ```
 */
export function getScorer(scoring: string | Scorer): Scorer {
  if (typeof scoring !== 'string') return scoring;
  const scorer = SCORERS.get(scoring);
  if (!scorer) fail('getScorer', `unknown scorer ${JSON.stringify(scoring)}; available: ${labelList(getScorerNames())}`);
  return scorer;
}
