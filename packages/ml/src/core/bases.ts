import { fail } from '@tessera/tensor';
import { Estimator } from './estimator.js';
import { checkMatrix, Matrix, type MatrixLike } from './matrix.js';
import { checkTargetsSync, labelList, type ClassLabel, type LabelsLike } from './labels.js';
import type { ParamSpecs } from './params.js';

/** What every fitted classifier remembers. */
export interface ClassifierState {
  readonly classes: ClassLabel[];
  readonly nFeaturesIn: number;
}

/**
 * Shared classifier behaviour: label decoding, `predict` from class scores, accuracy `score`.
 * A subclass implements `predictIndices` (and `predictProba` when it has probabilities).
 */
export abstract class BaseClassifier<S extends ParamSpecs, State extends ClassifierState> extends Estimator<S, State> {
  readonly estimatorType = 'classifier' as const;

  /** Sorted distinct training labels. */
  get classes_(): readonly ClassLabel[] {
    return this.fitted('classes_').classes;
  }

  get nFeaturesIn_(): number {
    return this.fitted('nFeaturesIn_').nFeaturesIn;
  }

  /** The checked feature matrix for a prediction method. */
  protected input(method: string, X: MatrixLike): Matrix {
    const state = this.fitted(method);
    return checkMatrix(`${this.estimatorName}.${method}`, X, { nFeatures: state.nFeaturesIn });
  }

  /** Index into `classes_` of each sample's predicted class. */
  protected abstract predictIndices(X: Matrix): Int32Array;

  predict(X: MatrixLike): ClassLabel[] {
    const { classes } = this.fitted('predict');
    const idx = this.predictIndices(this.input('predict', X));
    return Array.from(idx, (k) => classes[k]);
  }

  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: LabelsLike): number {
    const pred = this.predict(X);
    const truth = labelList(`${this.estimatorName}.score`, y);
    if (truth.length !== pred.length) fail(`${this.estimatorName}.score`, `X has ${pred.length} samples but y has ${truth.length}`);
    let hit = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hit++;
    return hit / pred.length;
  }
}

export interface RegressorState {
  readonly nFeaturesIn: number;
}

/** Shared regressor behaviour: input checks and the R² `score`. */
export abstract class BaseRegressor<S extends ParamSpecs, State extends RegressorState> extends Estimator<S, State> {
  readonly estimatorType = 'regressor' as const;

  get nFeaturesIn_(): number {
    return this.fitted('nFeaturesIn_').nFeaturesIn;
  }

  protected input(method: string, X: MatrixLike): Matrix {
    const state = this.fitted(method);
    return checkMatrix(`${this.estimatorName}.${method}`, X, { nFeatures: state.nFeaturesIn });
  }

  protected abstract predictValues(X: Matrix): Float64Array;

  predict(X: MatrixLike): Float64Array {
    return this.predictValues(this.input('predict', X));
  }

  /** Coefficient of determination R² of `predict(X)` against `y` (scikit-learn's convention for constant y). */
  score(X: MatrixLike, y: LabelsLike): number {
    const pred = this.predict(X);
    const truth = checkTargetsSync(`${this.estimatorName}.score`, y, pred.length);
    return r2(truth, pred);
  }
}

export function r2(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let res = 0, tot = 0;
  for (let i = 0; i < truth.length; i++) {
    res += (truth[i] - pred[i]) ** 2;
    tot += (truth[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Shared transformer behaviour: `fitTransform` and the feature-count check. */
export interface TransformerState {
  readonly nFeaturesIn: number;
}
