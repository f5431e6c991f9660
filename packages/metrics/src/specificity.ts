import { average as averageOf, sum, zeroDivisionValue, type Average } from './average.js';
import type { LabelInput } from './input.js';
import { setWiseCounts, type ClassificationOptions } from './precision-recall-f.js';

/**
 * Specificity TN / (TN + FP): the recall of "not this class". For a binary problem it is the
 * recall of the negative class; per class it is one-vs-rest. Averages follow precision and
 * recall: 'micro' pools TN and FP, 'macro' is the plain mean, 'weighted' weights by support.
 * scikit-learn has no specificity function; this matches imbalanced-learn's `specificity_score`.
 *
 * ```ts
 * specificityScore([0, 0, 1, 1], [0, 1, 1, 1]);                 // 0.5: one of two negatives predicted negative
 * specificityScore([0, 1, 2, 2], [0, 2, 2, 1], { average: null }); // [1, 0.6667, 0.5]
 * ```
 */
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions & { average: null }): number[];
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationOptions & { average?: Exclude<Average, null> }): number;
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions): number | number[];
export function specificityScore(yTrue: LabelInput, yPred: LabelInput, options: ClassificationOptions = {}): number | number[] {
  const op = 'specificityScore';
  const average = options.average === undefined ? 'binary' : options.average;
  const counts = setWiseCounts(op, yTrue, yPred, options);
  const zero = zeroDivisionValue(op, options.zeroDivision);
  const k = counts.labels.length;
  const tn = new Float64Array(k);
  const negatives = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    negatives[i] = counts.total - counts.true[i];
    tn[i] = negatives[i] - (counts.pred[i] - counts.tp[i]);
  }
  if (average === 'micro') {
    const n = sum(negatives);
    return n === 0 ? zero : sum(tn) / n;
  }
  const perClass = Array.from(tn, (t, i) => (negatives[i] === 0 ? zero : t / negatives[i]));
  if (average === null) return perClass;
  if (average === 'weighted') {
    return sum(counts.true) === 0 ? zero : averageOf(perClass, counts.true);
  }
  return averageOf(perClass);
}
