import { fail } from '@tessera/tensor';
import { readMatrix, readNumbers, readWeights, type MatrixInput, type Matrix, type NumericInput } from './input.js';

/**
 * How the scores of several outputs (columns) combine: one score per output ('raw_values'),
 * their mean ('uniform_average'), a mean weighted by each output's variance
 * ('variance_weighted', r2Score only) or by the given weights.
 */
export type Multioutput = 'raw_values' | 'uniform_average' | 'variance_weighted' | NumericInput;

export interface RegressionOptions {
  readonly sampleWeight?: NumericInput;
  /** Default 'uniform_average'. */
  readonly multioutput?: Multioutput;
}

export interface R2Options extends RegressionOptions {
  /** Constant yTrue: 1 for a perfect prediction, else 0, instead of NaN / -Infinity. Default true. */
  readonly forceFinite?: boolean;
}

type RawValues = { multioutput: 'raw_values' };

interface Targets {
  readonly t: Matrix;
  readonly p: Matrix;
  readonly weights?: ArrayLike<number>;
  readonly multioutput: 'raw_values' | 'uniform_average' | 'variance_weighted' | ArrayLike<number>;
}

/** scikit-learn's `_check_reg_targets`. */
function readTargets(op: string, yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions, allowVarianceWeighted: boolean): Targets {
  const t = readMatrix(op, 'yTrue', yTrue);
  const p = readMatrix(op, 'yPred', yPred);
  if (t.rows !== p.rows) fail(op, `yTrue has ${t.rows} samples but yPred has ${p.rows}`);
  if (t.cols !== p.cols) fail(op, `yTrue has ${t.cols} outputs but yPred has ${p.cols}`);
  const weights = readWeights(op, options.sampleWeight, t.rows);
  const m = options.multioutput ?? 'uniform_average';
  let multioutput: Targets['multioutput'];
  if (typeof m === 'string') {
    const allowed = allowVarianceWeighted ? ['raw_values', 'uniform_average', 'variance_weighted'] : ['raw_values', 'uniform_average'];
    if (!allowed.includes(m)) fail(op, `multioutput must be ${allowed.map((a) => `'${a}'`).join(', ')} or weights per output, got ${JSON.stringify(m)}`);
    multioutput = m as Targets['multioutput'];
  } else {
    multioutput = readNumbers(op, 'multioutput', m);
    if (t.cols === 1) fail(op, 'multioutput weights are only meaningful with several outputs; yTrue has 1');
    if (multioutput.length !== t.cols) fail(op, `multioutput has ${multioutput.length} weights but there are ${t.cols} outputs`);
  }
  return { t, p, weights, multioutput };
}

/** Per-output weighted mean of f(yTrue, yPred). */
function meanPerOutput(op: string, { t, p, weights }: Targets, f: (a: number, b: number) => number): Float64Array {
  const out = new Float64Array(t.cols);
  let wsum = 0;
  for (let i = 0; i < t.rows; i++) {
    const w = weights ? weights[i] : 1;
    wsum += w;
    for (let j = 0; j < t.cols; j++) out[j] += w * f(t.data[i * t.cols + j], p.data[i * t.cols + j]);
  }
  if (wsum === 0) fail(op, 'sampleWeight sums to 0');
  for (let j = 0; j < out.length; j++) out[j] /= wsum;
  return out;
}

function combine(op: string, scores: Float64Array, multioutput: Targets['multioutput'], varianceWeights?: Float64Array): number | number[] {
  if (multioutput === 'raw_values') return Array.from(scores);
  let weights: ArrayLike<number> | undefined;
  if (multioutput === 'variance_weighted') weights = varianceWeights;
  else if (multioutput !== 'uniform_average') weights = multioutput;
  let acc = 0, wsum = 0;
  for (let j = 0; j < scores.length; j++) {
    const w = weights ? weights[j] : 1;
    acc += w * scores[j];
    wsum += w;
  }
  if (wsum === 0) fail(op, 'multioutput weights sum to 0');
  return acc / wsum;
}

/**
 * Mean squared error, as scikit-learn's `mean_squared_error`.
 *
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]);                                   // 0.375
 * meanSquaredError([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], { multioutput: 'raw_values' }); // [0.125, 1]
 * ```
 */
export function meanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions & RawValues): number[];
export function meanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions): number | number[];
export function meanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions = {}): number | number[] {
  const op = 'meanSquaredError';
  const targets = readTargets(op, yTrue, yPred, options, false);
  return combine(op, meanPerOutput(op, targets, (a, b) => (a - b) ** 2), targets.multioutput);
}

/**
 * Root mean squared error per output, then combined: scikit-learn's
 * `mean_squared_error(squared=False)`. With several outputs the uniform average is the mean of
 * the per-output roots, which is not the root of the average MSE.
 *
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.6124
 * ```
 */
export function rootMeanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions & RawValues): number[];
export function rootMeanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function rootMeanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions): number | number[];
export function rootMeanSquaredError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions = {}): number | number[] {
  const op = 'rootMeanSquaredError';
  const targets = readTargets(op, yTrue, yPred, options, false);
  return combine(op, meanPerOutput(op, targets, (a, b) => (a - b) ** 2).map(Math.sqrt), targets.multioutput);
}

/**
 * Mean absolute error, as scikit-learn's `mean_absolute_error`.
 * `meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.5`
 */
export function meanAbsoluteError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions & RawValues): number[];
export function meanAbsoluteError(yTrue: MatrixInput, yPred: MatrixInput, options?: RegressionOptions & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function meanAbsoluteError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions): number | number[];
export function meanAbsoluteError(yTrue: MatrixInput, yPred: MatrixInput, options: RegressionOptions = {}): number | number[] {
  const op = 'meanAbsoluteError';
  const targets = readTargets(op, yTrue, yPred, options, false);
  return combine(op, meanPerOutput(op, targets, (a, b) => Math.abs(b - a)), targets.multioutput);
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot, as scikit-learn 1.2.1's `r2_score`.
 * Fewer than two samples give NaN (scikit-learn warns). With `forceFinite` (default) a constant
 * yTrue scores 1 when predicted exactly and 0 otherwise.
 *
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486
 * r2Score([2, 2, 2], [1, 2, 3]);           // 0 (constant yTrue)
 * ```
 */
export function r2Score(yTrue: MatrixInput, yPred: MatrixInput, options: R2Options & RawValues): number[];
export function r2Score(yTrue: MatrixInput, yPred: MatrixInput, options?: R2Options & { multioutput?: Exclude<Multioutput, 'raw_values'> }): number;
export function r2Score(yTrue: MatrixInput, yPred: MatrixInput, options: R2Options): number | number[];
export function r2Score(yTrue: MatrixInput, yPred: MatrixInput, options: R2Options = {}): number | number[] {
  const op = 'r2Score';
  const targets = readTargets(op, yTrue, yPred, options, true);
  const { t, p, weights } = targets;
  if (t.rows < 2) return Number.NaN;
  const k = t.cols;
  const mean = meanPerOutput(op, targets, (a) => a);
  const numerator = new Float64Array(k);
  const denominator = new Float64Array(k);
  for (let i = 0; i < t.rows; i++) {
    const w = weights ? weights[i] : 1;
    for (let j = 0; j < k; j++) {
      const y = t.data[i * k + j];
      numerator[j] += w * (y - p.data[i * k + j]) ** 2;
      denominator[j] += w * (y - mean[j]) ** 2;
    }
  }
  const scores = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (options.forceFinite === false) scores[j] = 1 - numerator[j] / denominator[j];
    else if (numerator[j] === 0) scores[j] = 1;
    else scores[j] = denominator[j] === 0 ? 0 : 1 - numerator[j] / denominator[j];
  }
  // Variance weights that are all 0 (every output constant) fall back to a plain mean.
  const varianceWeights = denominator.some((d) => d !== 0) ? denominator : undefined;
  return combine(op, scores, targets.multioutput, varianceWeights);
}
