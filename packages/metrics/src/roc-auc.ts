import { fail } from '@tessera/tensor';
import { checkAverage } from './average.js';
import { countCurve } from './binary-curve.js';
import { checkSameLength, labelList, readLabels, readMatrix, readWeights, type Label, type LabelInput, type LabelVector, type Matrix, type MatrixInput, type NumericInput } from './input.js';
import { checkLabelOption, compareLabels, distinctLabels, encodeLabels, sortedLabels, targetType } from './labels.js';
import { rocFromCounts, trapezoid } from './roc.js';

export interface RocAucOptions {
  /** Multiclass averaging: 'macro' (default), 'weighted' by prevalence, 'micro' (ovr only) or null per class (ovr only). */
  readonly average?: 'micro' | 'macro' | 'weighted' | null;
  /** Multiclass strategy; the default 'raise' refuses multiclass targets, as scikit-learn. */
  readonly multiClass?: 'raise' | 'ovr' | 'ovo';
  /** The classes in yScore's column order (sorted); default: the sorted labels of yTrue. */
  readonly labels?: readonly Label[];
  /** Binary only: standardized partial AUC up to this false positive rate (McClish). */
  readonly maxFpr?: number;
  readonly sampleWeight?: NumericInput;
}

const ONE_CLASS = 'only one class present in yTrue; ROC AUC is not defined in that case';

/** AUC of one binary problem (`_binary_roc_auc_score`). */
function binaryAuc(op: string, positive: Uint8Array, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined, maxFpr?: number): number {
  let npos = 0;
  for (let i = 0; i < positive.length; i++) npos += positive[i];
  if (npos === 0 || npos === positive.length) fail(op, ONE_CLASS);
  const { fpr, tpr } = rocFromCounts(countCurve(scores, positive, weights), true);
  if (maxFpr === undefined || maxFpr === 1) return trapezoid(fpr, tpr);
  if (!(maxFpr > 0 && maxFpr <= 1)) fail(op, `maxFpr must be in (0, 1], got ${maxFpr}`);
  // Cut the curve at maxFpr with a linearly interpolated point, then apply McClish's correction
  // so that a useless classifier scores 0.5 and a perfect one 1.
  let stop = 0;
  while (stop < fpr.length && fpr[stop] <= maxFpr) stop++;
  const x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
  const yCut = x1 === x0 ? y1 : y0 + ((maxFpr - x0) * (y1 - y0)) / (x1 - x0);
  const partial = trapezoid([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yCut]);
  const minArea = 0.5 * maxFpr * maxFpr;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

function column(m: Matrix, c: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + c];
  return out;
}

/**
 * Area under the ROC curve, as scikit-learn's `roc_auc_score`. Binary: yScore is the score of
 * the greater label. Multiclass: yScore holds one probability column per class (rows summing to
 * 1) and `multiClass` is 'ovr' (each class against the rest) or 'ovo' (Hand & Till, every pair).
 * A class absent from yTrue makes its one-vs-rest AUC undefined and throws, as scikit-learn.
 *
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);                     // 0.75
 * rocAucScore([0, 1, 2, 2], proba, { multiClass: 'ovr', average: 'weighted' });
 * ```
 */
export function rocAucScore(yTrue: LabelInput, yScore: MatrixInput, options: RocAucOptions & { average: null }): number | number[];
export function rocAucScore(yTrue: LabelInput, yScore: MatrixInput, options?: RocAucOptions & { average?: 'micro' | 'macro' | 'weighted' }): number;
export function rocAucScore(yTrue: LabelInput, yScore: MatrixInput, options: RocAucOptions): number | number[];
export function rocAucScore(yTrue: LabelInput, yScore: MatrixInput, options: RocAucOptions = {}): number | number[] {
  const op = 'rocAucScore';
  const average = options.average === undefined ? 'macro' : options.average;
  const t = readLabels(op, 'yTrue', yTrue);
  const s = readMatrix(op, 'yScore', yScore);
  checkSameLength(op, ['yTrue', t.values.length], ['yScore', s.rows]);
  const weights = readWeights(op, options.sampleWeight, s.rows);
  const distinct = distinctLabels(t);
  const type = targetType(t, distinct);
  if (type === 'continuous') fail(op, 'yTrue looks continuous (non-integer values); it must hold class labels');
  if (type === 'multiclass' || (s.ndim === 2 && s.cols > 2)) {
    if (options.maxFpr !== undefined && options.maxFpr !== 1) {
      fail(op, `maxFpr is only available for binary targets, got maxFpr=${options.maxFpr} with ${s.cols} score columns`);
    }
    return multiclassAuc(op, t, s, weights, options, average);
  }
  checkAverage(op, average, ['micro', 'macro', 'weighted', null]);
  if (s.ndim === 2 && s.cols === 2) {
    fail(op, 'yScore has 2 columns for a binary target; pass the scores of the greater label (column 1) as a 1-D array');
  }
  // The greater of the (at most two) labels is the positive class.
  const classes = sortedLabels(distinct);
  const positive = Uint8Array.from(encodeLabels(t, classes), (c) => (classes.length === 2 && c === 1 ? 1 : 0));
  return binaryAuc(op, positive, s.data, weights, options.maxFpr);
}

function multiclassAuc(op: string, t: LabelVector, s: Matrix, weights: ArrayLike<number> | undefined,
  options: RocAucOptions, average: RocAucOptions['average']): number | number[] {
  for (let i = 0; i < s.rows; i++) {
    let rowSum = 0;
    for (let j = 0; j < s.cols; j++) rowSum += s.data[i * s.cols + j];
    // np.allclose(1, rowSum): rtol 1e-5, atol 1e-8.
    if (!(Math.abs(rowSum - 1) <= 1e-8 + 1e-5 * Math.abs(rowSum))) {
      fail(op, `multiclass yScore must hold probabilities summing to 1 per row; row ${i} sums to ${rowSum}`);
    }
  }
  const multiClass = options.multiClass ?? 'raise';
  if (multiClass === 'ovr') checkAverage(op, average, ['micro', 'macro', 'weighted', null]);
  else if (multiClass === 'ovo') checkAverage(op, average, ['macro', 'weighted']);
  else if (multiClass === 'raise') fail(op, "yTrue is multiclass: set multiClass to 'ovr' or 'ovo'");
  else fail(op, `multiClass must be 'raise', 'ovr' or 'ovo', got ${JSON.stringify(multiClass)}`);

  let classes: Label[];
  if (options.labels !== undefined) {
    classes = checkLabelOption(op, options.labels, t);
    for (let i = 1; i < classes.length; i++) {
      if (compareLabels(classes[i - 1], classes[i]) > 0) fail(op, `labels ${labelList(classes)} must be sorted`);
    }
    if (classes.length !== s.cols) fail(op, `${classes.length} labels given but yScore has ${s.cols} columns`);
  } else {
    classes = sortedLabels(distinctLabels(t));
    if (classes.length !== s.cols) {
      fail(op, `yTrue has ${classes.length} classes ${labelList(classes)} but yScore has ${s.cols} columns; pass all classes as labels`);
    }
  }
  const encoded = encodeLabels(t, classes);
  const missing = encoded.indexOf(-1);
  if (missing >= 0) fail(op, `yTrue[${missing}] = ${JSON.stringify(t.values[missing])} is not in labels ${labelList(classes)}`);
  if (multiClass === 'ovo') {
    if (weights) fail(op, "sampleWeight is not supported with multiClass 'ovo'");
    return ovoAuc(op, encoded, s, average === 'weighted');
  }
  return ovrAuc(op, encoded, s, weights, average);
}

function ovrAuc(op: string, encoded: Int32Array, s: Matrix, weights: ArrayLike<number> | undefined,
  average: RocAucOptions['average']): number | number[] {
  const n = s.rows, k = s.cols;
  if (average === 'micro') {
    // Every (sample, class) cell is one binary decision.
    const positive = new Uint8Array(n * k);
    const cellWeights = weights ? new Float64Array(n * k) : undefined;
    for (let i = 0; i < n; i++) {
      positive[i * k + encoded[i]] = 1;
      if (cellWeights) cellWeights.fill(weights![i], i * k, (i + 1) * k);
    }
    return binaryAuc(op, positive, s.data, cellWeights);
  }
  const prevalence = new Float64Array(k);
  for (let i = 0; i < n; i++) prevalence[encoded[i]] += weights ? weights[i] : 1;
  if (average === 'weighted' && Math.abs(prevalence.reduce((a, b) => a + b, 0)) <= 1e-8) return 0;
  const scores: number[] = [];
  for (let c = 0; c < k; c++) {
    const positive = Uint8Array.from(encoded, (e) => (e === c ? 1 : 0));
    scores.push(binaryAuc(op, positive, column(s, c), weights));
  }
  if (average === null) return scores;
  if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / k;
  let acc = 0, wsum = 0;
  for (let c = 0; c < k; c++) {
    acc += prevalence[c] === 0 ? 0 : prevalence[c] * scores[c];
    wsum += prevalence[c];
  }
  return acc / wsum;
}

/** Hand & Till: the mean over class pairs of the two one-against-the-other AUCs. */
function ovoAuc(op: string, encoded: Int32Array, s: Matrix, weighted: boolean): number {
  const present = [...new Set(encoded)].sort((a, b) => a - b);
  if (present.length < 2) fail(op, ONE_CLASS);
  const n = s.rows;
  let acc = 0, wsum = 0;
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x], b = present[y];
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (encoded[i] === a || encoded[i] === b) rows.push(i);
      const isA = Uint8Array.from(rows, (i) => (encoded[i] === a ? 1 : 0));
      const isB = Uint8Array.from(isA, (v) => 1 - v);
      const scoreA = Float64Array.from(rows, (i) => s.data[i * s.cols + a]);
      const scoreB = Float64Array.from(rows, (i) => s.data[i * s.cols + b]);
      const pair = (binaryAuc(op, isA, scoreA, undefined) + binaryAuc(op, isB, scoreB, undefined)) / 2;
      const w = weighted ? rows.length / n : 1;
      acc += w * pair;
      wsum += w;
    }
  }
  return acc / wsum;
}
