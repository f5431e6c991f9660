import { fail } from '@tessera/tensor';
import { checkAverage } from './average.js';
import { binaryCurve, type BinaryCurve } from './binary-curve.js';
import { labelList, readLabels, type Label, type LabelInput, type NumericInput } from './input.js';
import { distinctLabels, sortedLabels, targetType } from './labels.js';

export interface PrecisionRecallCurveOptions {
  /** The positive class; default 1 when yTrue is {0, 1} or {-1, 1}, otherwise required. */
  readonly posLabel?: Label;
  readonly sampleWeight?: NumericInput;
}

/** `precision[i]`, `recall[i]` for scores >= `thresholds[i]` (increasing); one extra final point (1, 0). */
export interface PrecisionRecallCurve {
  readonly precision: number[];
  readonly recall: number[];
  readonly thresholds: number[];
}

/**
 * Precision and recall at every distinct score, as scikit-learn 1.2.1's `precision_recall_curve`
 * (no truncation at full recall; without positive samples recall is 1 everywhere).
 *
 * ```ts
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 * ```
 */
export function precisionRecallCurve(yTrue: LabelInput, probasPred: NumericInput, options: PrecisionRecallCurveOptions = {}): PrecisionRecallCurve {
  const curve = binaryCurve('precisionRecallCurve', yTrue, probasPred, options.posLabel, options.sampleWeight);
  return prFromCounts(curve);
}

function prFromCounts({ fps, tps, thresholds }: BinaryCurve): PrecisionRecallCurve {
  const m = tps.length;
  const lastTp = tps[m - 1];
  const precision: number[] = [];
  const recall: number[] = [];
  const th: number[] = [];
  for (let i = m - 1; i >= 0; i--) {
    const predicted = tps[i] + fps[i];
    precision.push(predicted === 0 ? 0 : tps[i] / predicted);
    recall.push(lastTp === 0 ? 1 : tps[i] / lastTp);
    th.push(thresholds[i]);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: th };
}

export interface AveragePrecisionOptions {
  /** Only binary targets are supported, so every average gives the binary score. */
  readonly average?: 'micro' | 'macro' | 'weighted' | null;
  /** Default 1. */
  readonly posLabel?: Label;
  readonly sampleWeight?: NumericInput;
}

/**
 * Average precision, the step-wise sum Σ (R_n − R_{n−1}) P_n over the precision-recall curve
 * (no interpolation), as scikit-learn's `average_precision_score` for binary targets.
 *
 * ```ts
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333
 * ```
 */
export function averagePrecisionScore(yTrue: LabelInput, yScore: NumericInput, options: AveragePrecisionOptions = {}): number {
  const op = 'averagePrecisionScore';
  const average = options.average === undefined ? 'macro' : options.average;
  checkAverage(op, average, ['micro', 'macro', 'weighted', null]);
  const posLabel = options.posLabel ?? 1;
  const t = readLabels(op, 'yTrue', yTrue);
  const distinct = distinctLabels(t);
  const type = targetType(t, distinct);
  if (type !== 'binary') {
    fail(op, `${type} yTrue is not supported (${distinct.size} labels); average precision needs binary targets`);
  }
  const present = sortedLabels(distinct);
  if (present.length === 2 && !present.includes(posLabel)) {
    fail(op, `posLabel=${JSON.stringify(posLabel)} is not a valid label; it should be one of ${labelList(present)}`);
  }
  const { precision, recall } = prFromCounts(binaryCurve(op, yTrue, yScore, posLabel, options.sampleWeight));
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
  return ap;
}
