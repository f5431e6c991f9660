import { fail } from '@tessera/tensor';
import { checkSameLength, labelList, readLabels, readNumbers, readWeights, type Label, type LabelInput, type LabelVector, type NumericInput } from './input.js';
import { distinctLabels, sortedLabels, targetType } from './labels.js';

/** False and true positive counts at each distinct threshold, thresholds decreasing. */
export interface BinaryCurve {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

const IMPLICIT_POSITIVE_SETS: readonly (readonly number[])[] = [[0, 1], [-1, 1], [0], [-1], [1]];

/** scikit-learn's `_check_pos_label_consistency`: without posLabel, y must be {0,1} or {-1,1}. */
export function resolvePosLabel(op: string, t: LabelVector, posLabel: Label | undefined): Label {
  if (posLabel !== undefined) return posLabel;
  const classes = sortedLabels(distinctLabels(t));
  const implicit = t.kind === 'number'
    && IMPLICIT_POSITIVE_SETS.some((set) => set.length === classes.length && set.every((v, i) => v === classes[i]));
  if (!implicit) {
    fail(op, `yTrue takes values in ${labelList(classes)} and posLabel is not given: make yTrue take values in {0, 1} or {-1, 1}, or pass posLabel`);
  }
  return 1;
}

/**
 * The counts behind ROC and precision-recall curves (`_binary_clf_curve`), in O(n log n): one
 * point per distinct score, counting every sample scored at or above it, so tied samples enter
 * together (a diagonal step of the ROC curve).
 */
export function binaryCurve(op: string, yTrue: LabelInput, yScore: NumericInput, posLabel: Label | undefined,
  sampleWeight: NumericInput | undefined): BinaryCurve {
  const t = readLabels(op, 'yTrue', yTrue);
  const scores = readNumbers(op, 'yScore', yScore);
  checkSameLength(op, ['yTrue', t.values.length], ['yScore', scores.length]);
  const weights = readWeights(op, sampleWeight, scores.length);
  const type = targetType(t);
  if (!(type === 'binary' || (type === 'multiclass' && posLabel !== undefined))) {
    fail(op, type === 'multiclass'
      ? `yTrue is multiclass (${distinctLabels(t).size} labels); pass posLabel to score one class against the rest`
      : 'yTrue looks continuous (non-integer values); it must hold class labels');
  }
  const pos = resolvePosLabel(op, t, posLabel);
  const positive = new Uint8Array(scores.length);
  for (let i = 0; i < positive.length; i++) positive[i] = t.values[i] === pos ? 1 : 0;
  if (weights && Array.prototype.every.call(weights, (w: number) => w === 0)) fail(op, 'sampleWeight is 0 for every sample');
  return countCurve(scores, positive, weights);
}

/** The curve counts for validated arrays: `positive[i]` is 1 for samples of the positive class. */
export function countCurve(scores: ArrayLike<number>, positive: ArrayLike<number>, weights?: ArrayLike<number>): BinaryCurve {
  return weights ? weightedCurve(scores, positive, weights) : mergedCurve(scores, positive);
}

/**
 * Unweighted: the scores of positives and of negatives are sorted apart with the native
 * typed-array sort (much faster than sorting indices with a comparator), then merged from the
 * top, one step per distinct score.
 */
function mergedCurve(scores: ArrayLike<number>, positive: ArrayLike<number>): BinaryCurve {
  let nPos = 0;
  for (let i = 0; i < positive.length; i++) nPos += positive[i] ? 1 : 0;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(scores.length - nPos);
  for (let i = 0, a = 0, b = 0; i < scores.length; i++) {
    if (positive[i]) pos[a++] = scores[i];
    else neg[b++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const fps = new Float64Array(scores.length);
  const tps = new Float64Array(scores.length);
  const thresholds = new Float64Array(scores.length);
  let m = 0;
  let a = pos.length - 1;
  let b = neg.length - 1;
  while (a >= 0 || b >= 0) {
    const threshold = a < 0 ? neg[b] : b < 0 ? pos[a] : Math.max(pos[a], neg[b]);
    while (a >= 0 && pos[a] === threshold) a--;
    while (b >= 0 && neg[b] === threshold) b--;
    tps[m] = pos.length - 1 - a;
    fps[m] = neg.length - 1 - b;
    thresholds[m++] = threshold;
  }
  return { fps: fps.subarray(0, m), tps: tps.subarray(0, m), thresholds: thresholds.subarray(0, m) };
}

/** Weighted: one sort of the indices by decreasing score, then running sums read at the end of each tie run. */
function weightedCurve(scores: ArrayLike<number>, positive: ArrayLike<number>, weights: ArrayLike<number>): BinaryCurve {
  // Zero-weight samples must not create thresholds of their own.
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i).filter((i) => weights[i] !== 0);
  order.sort((a, b) => scores[b] - scores[a]);
  const n = order.length;
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (positive[i]) tp += weights[i];
    else fp += weights[i];
    if (r === n - 1 || scores[order[r + 1]] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[i]);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}
