import { fail, Generator } from '@tessera/tensor';
import { checkMatrix, type Matrix, type MatrixLike } from '../core/matrix.js';
import { encodeLabelArray, labelList, type ClassLabel, type LabelsLike } from '../core/labels.js';
import type { Fold } from './splitters.js';

export interface TrainTestSplitOptions {
  /** Fraction (0, 1) or count of test samples; default 0.25 (or 1 - trainSize). */
  readonly testSize?: number;
  readonly trainSize?: number;
  readonly shuffle?: boolean;
  /** Labels to keep class shares equal in both parts. */
  readonly stratify?: ArrayLike<ClassLabel>;
  readonly randomState?: number | null;
}

function sizes(op: string, n: number, options: TrainTestSplitOptions): { nTrain: number; nTest: number } {
  const asCount = (v: number, name: string, round: (x: number) => number) => {
    if (v > 0 && v < 1) return round(v * n);
    if (Number.isInteger(v) && v >= 1 && v < n) return v;
    return fail(op, `${name} must be a fraction in (0, 1) or a count in [1, ${n - 1}], got ${v}`);
  };
  if (options.testSize !== undefined) {
    const nTest = asCount(options.testSize, 'testSize', Math.ceil);
    const nTrain = options.trainSize !== undefined ? asCount(options.trainSize, 'trainSize', Math.floor) : n - nTest;
    if (nTrain + nTest > n) fail(op, `trainSize + testSize = ${nTrain + nTest} > ${n} samples`);
    return { nTrain, nTest };
  }
  if (options.trainSize !== undefined) { const nTrain = asCount(options.trainSize, 'trainSize', Math.floor); return { nTrain, nTest: n - nTrain }; }
  const nTest = Math.ceil(0.25 * n);
  return { nTrain: n - nTest, nTest };
}

/**
 * Train/test row indices (scikit-learn's `train_test_split` sizes: the test count rounds up).
 * With `stratify`, each class contributes to the test set in proportion to its size (largest
 * remainders get the leftover slots), and the seeded generator picks which rows.
 *
 * ```ts
 * const { train, test } = trainTestIndices(100, { testSize: 0.2, stratify: y, randomState: 0 });
 * ```
 */
export function trainTestIndices(n: number, options: TrainTestSplitOptions = {}): Fold {
  const op = 'trainTestIndices';
  if (!Number.isInteger(n) || n < 2) fail(op, `needs at least 2 samples, got ${n}`);
  const { nTrain, nTest } = sizes(op, n, options);
  if (nTrain < 1 || nTest < 1) fail(op, `split of ${n} samples leaves an empty part (train ${nTrain}, test ${nTest})`);
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    if (options.stratify) fail(op, 'stratify needs shuffle: true');
    return { train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: nTest }, (_, i) => nTrain + i) };
  }
  const g = new Generator(typeof options.randomState === 'number' ? options.randomState : Math.floor(Math.random() * 2 ** 32));
  if (!options.stratify) {
    const perm = g.permutation(n);
    return { test: perm.slice(0, nTest).sort(), train: perm.slice(nTest, nTest + nTrain).sort() };
  }
  if (options.stratify.length !== n) fail(op, `stratify has ${options.stratify.length} labels for ${n} samples`);
  const { classes, encoded } = encodeLabelArray(op, options.stratify);
  const members: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) members[encoded[i]].push(i);
  if (nTest < classes.length || nTrain < classes.length) fail(op, `with ${classes.length} classes both parts need at least ${classes.length} samples (train ${nTrain}, test ${nTest})`);
  if (members.some((m) => m.length < 2)) fail(op, 'every class of stratify needs at least 2 members');
  const testPer = apportion(members.map((m) => m.length), nTest);
  const trainPer = apportion(members.map((m, c) => m.length - testPer[c]), nTrain);
  const test: number[] = [], train: number[] = [];
  members.forEach((rows, c) => {
    const perm = g.permutation(rows.length);
    for (let j = 0; j < testPer[c]; j++) test.push(rows[perm[j]]);
    for (let j = testPer[c]; j < testPer[c] + trainPer[c]; j++) train.push(rows[perm[j]]);
  });
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** Splits `total` slots over groups proportionally to `counts` (largest remainder), never above a count. */
function apportion(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (c * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => (exact[b] - out[b]) - (exact[a] - out[a]) || a - b);
  for (const i of order) { if (left === 0) break; if (out[i] < counts[i]) { out[i]++; left--; } }
  return out;
}


export interface TrainTestSplit {
  readonly XTrain: Matrix;
  readonly XTest: Matrix;
  readonly yTrain: ClassLabel[];
  readonly yTest: ClassLabel[];
  readonly trainIndex: Int32Array;
  readonly testIndex: Int32Array;
}

/**
 * Splits X and y into train and test parts (scikit-learn's `train_test_split`); `stratify: true`
 * keeps the class shares of y in both parts.
 *
 * ```ts
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, stratify: true, randomState: 0 });
 * ```
 */
export function trainTestSplit(X: MatrixLike, y: LabelsLike, options: Omit<TrainTestSplitOptions, 'stratify'> & { stratify?: boolean | ArrayLike<ClassLabel> } = {}): TrainTestSplit {
  const m = checkMatrix('trainTestSplit', X);
  const labels = labelList('trainTestSplit', y);
  if (labels.length !== m.rows) fail('trainTestSplit', `X has ${m.rows} samples but y has ${labels.length}`);
  const stratify = options.stratify === true ? labels : options.stratify === false ? undefined : options.stratify;
  const { train, test } = trainTestIndices(m.rows, { ...options, stratify });
  return {
    XTrain: m.takeRows(train), XTest: m.takeRows(test),
    yTrain: Array.from(train, (i) => labels[i]), yTest: Array.from(test, (i) => labels[i]),
    trainIndex: train, testIndex: test,
  };
}
