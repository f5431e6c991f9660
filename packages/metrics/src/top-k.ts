import { fail } from '@tessera/tensor';
import { checkSameLength, labelList, readLabels, readMatrix, readWeights, type Label, type LabelInput, type MatrixInput, type NumericInput } from './input.js';
import { checkClassLabels, checkLabelOption, compareLabels, distinctLabels, encodeLabels, sortedLabels } from './labels.js';

export interface TopKOptions {
  /** How many of the highest scores may contain the true label. Default 2. */
  readonly k?: number;
  readonly normalize?: boolean;
  readonly sampleWeight?: NumericInput;
  /** The classes in yScore's column order (sorted); default: the sorted labels of yTrue. */
  readonly labels?: readonly Label[];
}

/**
 * The fraction of samples whose true label is among the `k` highest scores, as scikit-learn's
 * `top_k_accuracy_score`. Tied scores rank the later column first, as NumPy's reversed stable
 * argsort does there. A binary 1-D score is the score of the greater label.
 *
 * ```ts
 * topKAccuracyScore([0, 1, 2], [[0.5, 0.3, 0.2], [0.6, 0.1, 0.3], [0.2, 0.3, 0.5]], { k: 2 }); // 2/3
 * ```
 */
export function topKAccuracyScore(yTrue: LabelInput, yScore: MatrixInput, options: TopKOptions = {}): number {
  const op = 'topKAccuracyScore';
  const k = options.k ?? 2;
  if (!Number.isInteger(k) || k < 1) fail(op, `k must be a positive integer, got ${k}`);
  const t = readLabels(op, 'yTrue', yTrue);
  checkClassLabels(op, 'yTrue', t);
  const s = readMatrix(op, 'yScore', yScore);
  checkSameLength(op, ['yTrue', t.values.length], ['yScore', s.rows]);
  const weights = readWeights(op, options.sampleWeight, s.rows);
  const trueLabels = sortedLabels(distinctLabels(t));
  const binary = trueLabels.length <= 2 && !(options.labels !== undefined && options.labels.length > 2);
  if (binary && s.ndim === 2 && s.cols !== 1) {
    fail(op, `yTrue is binary but yScore has ${s.cols} columns; pass labels when yTrue does not contain every class`);
  }
  const nScoreClasses = s.ndim === 2 && s.cols !== 1 ? s.cols : 2;
  let classes: readonly Label[];
  if (options.labels === undefined) {
    classes = trueLabels;
    if (classes.length !== nScoreClasses) {
      fail(op, `yTrue has ${classes.length} classes ${labelList(classes)} but yScore has ${nScoreClasses}; pass all classes as labels`);
    }
  } else {
    classes = checkLabelOption(op, options.labels, t);
    for (let i = 1; i < classes.length; i++) {
      if (compareLabels(classes[i - 1], classes[i]) > 0) fail(op, `labels ${labelList(classes)} must be sorted`);
    }
    if (classes.length !== nScoreClasses) fail(op, `${classes.length} labels given but yScore has ${nScoreClasses} classes`);
  }
  const encoded = encodeLabels(t, classes);
  const missing = encoded.indexOf(-1);
  if (missing >= 0) fail(op, `yTrue[${missing}] = ${JSON.stringify(t.values[missing])} is not in labels ${labelList(classes)}`);

  const hits = new Uint8Array(s.rows);
  if (binary) {
    if (k === 1) {
      let min = Number.POSITIVE_INFINITY, max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < s.rows; i++) { min = Math.min(min, s.data[i]); max = Math.max(max, s.data[i]); }
      // Probabilities are cut at 0.5, decision values at 0.
      const threshold = min >= 0 && max <= 1 ? 0.5 : 0;
      for (let i = 0; i < s.rows; i++) hits[i] = Number(s.data[i] > threshold) === encoded[i] ? 1 : 0;
    } else {
      hits.fill(1);
    }
  } else {
    const c = s.cols;
    for (let i = 0; i < s.rows; i++) {
      const label = encoded[i];
      const own = s.data[i * c + label];
      let above = 0;
      for (let j = 0; j < c; j++) {
        const v = s.data[i * c + j];
        if (v > own || (v === own && j > label)) above++;
      }
      hits[i] = above < k ? 1 : 0;
    }
  }
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < s.rows; i++) {
    const w = weights ? weights[i] : 1;
    total += hits[i] * w;
    weightSum += w;
  }
  return options.normalize === false ? total : total / weightSum;
}
