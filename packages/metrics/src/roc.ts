import { fail } from '@tessera/tensor';
import { binaryCurve, type BinaryCurve } from './binary-curve.js';
import { readNumbers, type Label, type LabelInput, type NumericInput } from './input.js';

export interface RocCurveOptions {
  /** The positive class; default 1 when yTrue is {0, 1} or {-1, 1}, otherwise required. */
  readonly posLabel?: Label;
  /** Drop thresholds whose points lie on a straight segment (default true, as scikit-learn). */
  readonly dropIntermediate?: boolean;
  readonly sampleWeight?: NumericInput;
}

/** Points of a ROC curve: `fpr[i]`, `tpr[i]` for scores >= `thresholds[i]` (decreasing). */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  readonly thresholds: number[];
}

/**
 * The receiver operating characteristic, as scikit-learn 1.2.1's `roc_curve`: one point per
 * distinct score (tied scores move the curve diagonally), plus a first point (0, 0) whose
 * threshold is `max(score) + 1` (scikit-learn 1.3 uses Infinity there). Without negative
 * samples fpr is all NaN, without positive samples tpr is (scikit-learn warns).
 *
 * ```ts
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 * ```
 */
export function rocCurve(yTrue: LabelInput, yScore: NumericInput, options: RocCurveOptions = {}): RocCurve {
  const curve = binaryCurve('rocCurve', yTrue, yScore, options.posLabel, options.sampleWeight);
  return rocFromCounts(curve, options.dropIntermediate ?? true);
}

export function rocFromCounts(curve: BinaryCurve, dropIntermediate: boolean): RocCurve {
  const { fps, tps, thresholds } = curve;
  const n = fps.length;
  // Keep the ends and every point where the slope changes (a non-zero second difference).
  const keep = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!dropIntermediate || n <= 2 || i === 0 || i === n - 1
      || (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]) !== 0
      || (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]) !== 0) keep[m++] = i;
  }
  const lastFp = fps[n - 1];
  const lastTp = tps[n - 1];
  const fpr = new Array<number>(m + 1);
  const tpr = new Array<number>(m + 1);
  const th = new Array<number>(m + 1);
  fpr[0] = lastFp <= 0 ? Number.NaN : 0;
  tpr[0] = lastTp <= 0 ? Number.NaN : 0;
  th[0] = thresholds[0] + 1;
  for (let r = 0; r < m; r++) {
    const i = keep[r];
    fpr[r + 1] = lastFp <= 0 ? Number.NaN : fps[i] / lastFp;
    tpr[r + 1] = lastTp <= 0 ? Number.NaN : tps[i] / lastTp;
    th[r + 1] = thresholds[i];
  }
  return { fpr, tpr, thresholds: th };
}

/**
 * Area under a curve by the trapezoidal rule, as scikit-learn's `auc`; x must be monotonic
 * (increasing, or decreasing for a negative orientation).
 *
 * ```ts
 * auc([0, 0.5, 1], [0, 0.75, 1]); // 0.625
 * ```
 */
export function auc(x: NumericInput, y: NumericInput): number {
  const op = 'auc';
  const xs = readNumbers(op, 'x', x);
  const ys = readNumbers(op, 'y', y);
  if (xs.length !== ys.length) fail(op, `x has ${xs.length} points but y has ${ys.length}`);
  if (xs.length < 2) fail(op, `at least 2 points are needed, got ${xs.length}`);
  let increasing = true;
  let decreasing = true;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] < xs[i - 1]) increasing = false;
    if (xs[i] > xs[i - 1]) decreasing = false;
  }
  if (!increasing && !decreasing) fail(op, 'x is neither increasing nor decreasing');
  return (increasing ? 1 : -1) * trapezoid(xs, ys);
}

export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}
