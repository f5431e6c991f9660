import { fail } from '@tessera/tensor';
import { checkSameLength, labelList, readLabels, readWeights, type Label, type LabelInput, type LabelVector, type NumericInput } from './input.js';
import { checkLabelOption, checkTargets, encodeLabels } from './labels.js';

export interface ConfusionMatrixOptions {
  /** Rows and columns in this order; default: the sorted labels of yTrue and yPred. */
  readonly labels?: readonly Label[];
  readonly sampleWeight?: NumericInput;
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 gives 0. */
  readonly normalize?: 'true' | 'pred' | 'all';
}

/**
 * Confusion matrix: entry [i][j] counts samples of true label i predicted as label j, as
 * scikit-learn's `confusion_matrix`. Samples whose labels are not in `labels` are left out.
 *
 * ```ts
 * confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1]); // [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
 * ```
 */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: ConfusionMatrixOptions = {}): number[][] {
  const op = 'confusionMatrix';
  const t = readLabels(op, 'yTrue', yTrue);
  const p = readLabels(op, 'yPred', yPred);
  checkSameLength(op, ['yTrue', t.values.length], ['yPred', p.values.length]);
  const weights = readWeights(op, options.sampleWeight, t.values.length);
  const { present } = checkTargets(op, t, p);
  let labels = present;
  if (options.labels !== undefined) {
    labels = checkLabelOption(op, options.labels, t);
    const wanted = new Set(labels);
    if (!someValue(t, (v) => wanted.has(v))) {
      fail(op, `none of the labels ${labelList(labels)} is in yTrue; at least one must be`);
    }
  }
  const k = labels.length;
  const ti = encodeLabels(t, labels);
  const pi = encodeLabels(p, labels);
  const counts = new Float64Array(k * k);
  for (let i = 0; i < ti.length; i++) {
    if (ti[i] >= 0 && pi[i] >= 0) counts[ti[i] * k + pi[i]] += weights ? weights[i] : 1;
  }
  if (options.normalize !== undefined) normalizeCounts(op, counts, k, options.normalize);
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from(counts.subarray(i * k, (i + 1) * k)));
  return out;
}

function someValue(v: LabelVector, test: (label: Label) => boolean): boolean {
  for (let i = 0; i < v.values.length; i++) if (test(v.values[i])) return true;
  return false;
}

function normalizeCounts(op: string, counts: Float64Array, k: number, how: string): void {
  const divide = (index: number, by: number) => { counts[index] = by === 0 ? 0 : counts[index] / by; };
  if (how === 'all') {
    let total = 0;
    for (const c of counts) total += c;
    for (let i = 0; i < counts.length; i++) divide(i, total);
  } else if (how === 'true') {
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += counts[i * k + j];
      for (let j = 0; j < k; j++) divide(i * k + j, s);
    }
  } else if (how === 'pred') {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += counts[i * k + j];
      for (let i = 0; i < k; i++) divide(i * k + j, s);
    }
  } else {
    fail(op, `normalize must be 'true', 'pred' or 'all', got ${JSON.stringify(how)}`);
  }
}

/** Per-label counts of one-vs-rest confusion matrices (scikit-learn's `multilabel_confusion_matrix`). */
export interface ClassCounts {
  readonly labels: readonly Label[];
  readonly tp: Float64Array;
  /** tp + fp: samples predicted as the label. */
  readonly pred: Float64Array;
  /** tp + fn: samples whose true label is the label (the support). */
  readonly true: Float64Array;
  /** Number (or total weight) of all samples, those with other labels included. */
  readonly total: number;
}

/** Counts for `labels` (every label is counted, present or not); other labels only add to `total`. */
export function classCounts(t: LabelVector, p: LabelVector, labels: readonly Label[], weights?: ArrayLike<number>): ClassCounts {
  const k = labels.length;
  const tp = new Float64Array(k);
  const pred = new Float64Array(k);
  const truth = new Float64Array(k);
  const ti = encodeLabels(t, labels);
  const pi = encodeLabels(p, labels);
  let total = 0;
  for (let i = 0; i < ti.length; i++) {
    const w = weights ? weights[i] : 1;
    total += w;
    if (ti[i] >= 0) truth[ti[i]] += w;
    if (pi[i] >= 0) pred[pi[i]] += w;
    if (ti[i] >= 0 && ti[i] === pi[i]) tp[ti[i]] += w;
  }
  return { labels, tp, pred, true: truth, total };
}
