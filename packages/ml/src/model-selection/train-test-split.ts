import { checkMatrix, type Matrix, type MatrixLike } from '../core/matrix.js';
import { labelList, type ClassLabel, type LabelsLike } from '../core/labels.js';
import { fail } from '@tessera/tensor';
import { trainTestIndices, type TrainTestSplitOptions } from './splitters.js';

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
