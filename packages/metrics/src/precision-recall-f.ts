import { fail } from '@tessera/tensor';
import { average as averageOf, checkAverage, divide, sum, zeroDivisionValue, type Average, type ZeroDivision } from './average.js';
import { classCounts, type ClassCounts } from './confusion-matrix.js';
import { checkSameLength, labelList, readLabels, readWeights, type Label, type LabelInput, type NumericInput } from './input.js';
import { checkLabelOption, checkTargets } from './labels.js';

export interface ClassificationOptions {
  /** Default 'binary': the score of `posLabel` alone. */
  readonly average?: Average;
  /** The labels to score (and their order when `average` is null); default: every label seen. */
  readonly labels?: readonly Label[];
  /** The positive class when average is 'binary'. Default 1. */
  readonly posLabel?: Label;
  /** Score of a class whose denominator is 0. Default 'warn' (0). */
  readonly zeroDivision?: ZeroDivision;
  readonly sampleWeight?: NumericInput;
}

export interface FbetaOptions extends ClassificationOptions {
  /** Weight of recall relative to precision; 0 gives precision, Infinity gives recall. */
  readonly beta: number;
}

/** Per-label arrays, or one number each when averaged (then `support` is undefined). */
export interface PrfSupport<T extends number | number[]> {
  readonly precision: T;
  readonly recall: T;
  readonly fscore: T;
  readonly support: T extends number[] ? number[] : undefined;
}

const AVERAGES = ['binary', 'micro', 'macro', 'weighted', null] as const;

/** The validated counts behind every set-wise score (`_check_set_wise_labels` + counting). */
export function setWiseCounts(op: string, yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions): ClassCounts & { readonly present: Label[] } {
  const average = options.average === undefined ? 'binary' : options.average;
  checkAverage(op, average, AVERAGES);
  const t = readLabels(op, 'yTrue', yTrue);
  const p = readLabels(op, 'yPred', yPred);
  checkSameLength(op, ['yTrue', t.values.length], ['yPred', p.values.length]);
  const weights = readWeights(op, options.sampleWeight, t.values.length);
  const { type, present } = checkTargets(op, t, p);
  let labels: readonly Label[] = options.labels === undefined ? present : checkLabelOption(op, options.labels, t);
  if (average === 'binary') {
    if (type !== 'binary') {
      fail(op, `the targets are multiclass (labels ${labelList(present)}) but average is 'binary'; use 'micro', 'macro', 'weighted' or null`);
    }
    const posLabel = options.posLabel ?? 1;
    if (present.length >= 2 && !present.includes(posLabel)) {
      fail(op, `posLabel=${JSON.stringify(posLabel)} is not a valid label; it should be one of ${labelList(present)}`);
    }
    labels = [posLabel];
  }
  return { ...classCounts(t, p, labels, weights), present };
}

function fscoreOf(op: string, precision: Float64Array, recall: Float64Array, c: { tp: ArrayLike<number>; pred: ArrayLike<number>; true: ArrayLike<number> }, beta: number, zero: number): Float64Array {
  if (!(beta >= 0)) fail(op, `beta must be >= 0, got ${beta}`);
  if (beta === Number.POSITIVE_INFINITY) return recall.slice();
  const b2 = beta * beta;
  const out = new Float64Array(precision.length);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(zero)) {
      // NaN zeroDivision: F from the counts, undefined only with no tp, fp and fn (scikit-learn 1.3).
      const den = (1 + b2) * c.tp[i] + b2 * (c.true[i] - c.tp[i]) + (c.pred[i] - c.tp[i]);
      out[i] = den === 0 ? Number.NaN : ((1 + b2) * c.tp[i]) / den;
    } else {
      // scikit-learn 1.2.1 derives F from precision and recall, whatever zeroDivision made of them.
      const den = b2 * precision[i] + recall[i];
      out[i] = ((1 + b2) * precision[i] * recall[i]) / (den === 0 ? 1 : den);
    }
  }
  return out;
}

/** Precision, recall, F-beta and support from counts, averaged as `average` says. */
export function prfFromCounts(op: string, counts: ClassCounts, average: Average, beta: number, zeroDivision: ZeroDivision | undefined): PrfSupport<number> | PrfSupport<number[]> {
  const zero = zeroDivisionValue(op, zeroDivision);
  let c: { tp: ArrayLike<number>; pred: ArrayLike<number>; true: ArrayLike<number> } = counts;
  if (average === 'micro') c = { tp: [sum(counts.tp)], pred: [sum(counts.pred)], true: [sum(counts.true)] };
  const precision = divide(c.tp, c.pred, zero);
  const recall = divide(c.tp, c.true, zero);
  const fscore = fscoreOf(op, precision, recall, c, beta, zero);
  if (average === null) {
    return { precision: Array.from(precision), recall: Array.from(recall), fscore: Array.from(fscore), support: Array.from(counts.true) };
  }
  let weights: ArrayLike<number> | undefined;
  if (average === 'weighted') {
    weights = c.true;
    if (sum(weights) === 0) {
      // No true sample of any scored label: scikit-learn returns zeroDivision, or 0 for
      // precision and F when something was predicted.
      const anyPredicted = sum(c.pred) !== 0;
      return { precision: anyPredicted ? 0 : zero, recall: zero, fscore: anyPredicted ? 0 : zero, support: undefined };
    }
  }
  return { precision: averageOf(precision, weights), recall: averageOf(recall, weights), fscore: averageOf(fscore, weights), support: undefined };
}

/**
 * Precision, recall, F-beta and support per label (average null, the default here) or
 * averaged, as scikit-learn's `precision_recall_fscore_support`.
 */
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: Partial<FbetaOptions> & { average: Exclude<Average, null> }): PrfSupport<number>;
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options?: Partial<FbetaOptions> & { average?: null }): PrfSupport<number[]>;
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: Partial<FbetaOptions>): PrfSupport<number> | PrfSupport<number[]>;
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: Partial<FbetaOptions> = {}): PrfSupport<number> | PrfSupport<number[]> {
  const op = 'precisionRecallFscoreSupport';
  const average = options.average === undefined ? null : options.average;
  const counts = setWiseCounts(op, yTrue, yPred, { ...options, average });
  return prfFromCounts(op, counts, average, options.beta ?? 1, options.zeroDivision);
}

function score(op: string, pick: 'precision' | 'recall' | 'fscore', yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions, beta: number): number | number[] {
  const average = options.average === undefined ? 'binary' : options.average;
  const counts = setWiseCounts(op, yTrue, yPred, options);
  return prfFromCounts(op, counts, average, beta, options.zeroDivision)[pick];
}

/**
 * Precision tp / (tp + fp), as scikit-learn's `precision_score`.
 *
 * ```ts
 * precisionScore([0, 1, 1, 0], [0, 1, 0, 1]);                       // 0.5 (class 1)
 * precisionScore([0, 1, 2, 2], [0, 2, 2, 1], { average: 'macro' });  // 0.5
 * precisionScore([0, 1, 2, 2], [0, 2, 2, 1], { average: null });     // [1, 0, 0.5]
 * ```
 */
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions & { average: null }): number[];
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationOptions & { average?: Exclude<Average, null> }): number;
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions): number | number[];
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions = {}): number | number[] {
  return score('precisionScore', 'precision', yTrue, yPred, options, 1);
}

/** Recall tp / (tp + fn), as scikit-learn's `recall_score`. `recallScore([1, 1, 0], [1, 0, 0]) // 0.5` */
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions & { average: null }): number[];
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationOptions & { average?: Exclude<Average, null> }): number;
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions): number | number[];
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions = {}): number | number[] {
  return score('recallScore', 'recall', yTrue, yPred, options, 1);
}

/** F1, the harmonic mean of precision and recall, as scikit-learn's `f1_score`. */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions & { average: null }): number[];
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationOptions & { average?: Exclude<Average, null> }): number;
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions): number | number[];
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions = {}): number | number[] {
  return score('f1Score', 'fscore', yTrue, yPred, options, 1);
}

/** F-beta, (1 + β²)·P·R / (β²·P + R), as scikit-learn's `fbeta_score` (`beta` is required). */
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions & { average: null }): number[];
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions & { average?: Exclude<Average, null> }): number;
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions): number | number[];
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions): number | number[] {
  const op = 'fbetaScore';
  if (options === undefined || typeof options.beta !== 'number') fail(op, `options.beta is required, got ${JSON.stringify(options?.beta)}`);
  return score(op, 'fscore', yTrue, yPred, options, options.beta);
}
