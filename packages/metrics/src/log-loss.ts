import { fail } from '@tessera/tensor';
import { checkSameLength, labelList, readLabels, readMatrix, readWeights, type Label, type LabelInput, type MatrixInput, type NumericInput } from './input.js';
import { checkClassLabels, checkLabelOption, distinctLabels, encodeLabels, sortedLabels } from './labels.js';

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps]. 'auto' (default) is the machine epsilon of
   * the input: 2^-23 for a Float32Array or float32 tensor, 2^-52 otherwise (scikit-learn 1.2).
   */
  readonly eps?: number | 'auto';
  /** true (default): the mean loss per sample; false: the sum. */
  readonly normalize?: boolean;
  readonly sampleWeight?: NumericInput;
  /** All classes, when yTrue does not contain every one of them. */
  readonly labels?: readonly Label[];
}

const FLOAT32_EPS = 2 ** -23;
const FLOAT64_EPS = 2 ** -52;

/**
 * Cross-entropy of predicted probabilities, as scikit-learn 1.2.1's `log_loss`. yPred is
 * [n, classes] with columns in sorted label order, or for two classes the probability of the
 * greater label as a 1-D array. Rows are clipped and then divided by their sum, as 1.2.1 does
 * silently (1.3 starts to warn). A label of yTrue outside `labels` is an error here, where
 * scikit-learn scores it silently as no class at all.
 *
 * ```ts
 * logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.2162
 * logLoss([1, 1, 1], [0.9, 0.8, 0.7], { labels: [0, 1] });
 * ```
 */
export function logLoss(yTrue: LabelInput, yPred: MatrixInput, options: LogLossOptions = {}): number {
  const op = 'logLoss';
  const t = readLabels(op, 'yTrue', yTrue);
  checkClassLabels(op, 'yTrue', t);
  const p = readMatrix(op, 'yPred', yPred);
  checkSameLength(op, ['yTrue', t.values.length], ['yPred', p.rows]);
  const weights = readWeights(op, options.sampleWeight, p.rows);
  const eps = options.eps === undefined || options.eps === 'auto' ? (p.float32 ? FLOAT32_EPS : FLOAT64_EPS) : options.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) fail(op, `eps must be 'auto' or a number in [0, 0.5), got ${JSON.stringify(options.eps)}`);

  const classes = sortedLabels(options.labels === undefined ? distinctLabels(t) : checkLabelOption(op, options.labels, t));
  if (classes.length === 1) {
    fail(op, options.labels === undefined
      ? `yTrue contains only one label (${JSON.stringify(classes[0])}); pass every class as labels`
      : `labels must contain at least two classes, got ${labelList(classes)}`);
  }
  const binaryColumn = p.ndim === 1 || p.cols === 1;
  const cols = binaryColumn ? 2 : p.cols;
  if (cols !== classes.length) {
    fail(op, options.labels === undefined
      ? `yTrue has ${classes.length} classes ${labelList(classes)} but yPred has ${cols} columns; pass every class as labels`
      : `labels has ${classes.length} classes ${labelList(classes)} but yPred has ${cols} columns`);
  }
  const encoded = encodeLabels(t, classes);
  const missing = encoded.indexOf(-1);
  if (missing >= 0) fail(op, `yTrue[${missing}] = ${JSON.stringify(t.values[missing])} is not in labels ${labelList(classes)}`);

  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < p.rows; i++) {
    let own: number;
    let rowSum: number;
    if (binaryColumn) {
      const q = clip(p.data[i]);
      own = encoded[i] === 1 ? q : 1 - q;
      rowSum = (1 - q) + q;
    } else {
      rowSum = 0;
      for (let j = 0; j < cols; j++) rowSum += clip(p.data[i * cols + j]);
      own = clip(p.data[i * cols + encoded[i]]);
    }
    const w = weights ? weights[i] : 1;
    total -= w * Math.log(own / rowSum);
    weightSum += w;
  }
  return options.normalize === false ? total : total / weightSum;
}
