import { Estimator } from './estimator.js';
import { checkMatrix, type Matrix, type MatrixLike } from './matrix.js';
import type { LabelsLike } from './labels.js';
import type { ParamSpecs } from './params.js';

export interface TransformerState {
  readonly nFeaturesIn: number;
}

/** Shared transformer behaviour: input checks against the fitted width and `fitTransform`. */
export abstract class BaseTransformer<S extends ParamSpecs, State extends TransformerState> extends Estimator<S, State> {
  readonly estimatorType = 'transformer' as const;

  abstract fit(X: MatrixLike, y?: LabelsLike): Promise<this>;
  protected abstract transformMatrix(X: Matrix): Matrix;

  get nFeaturesIn_(): number {
    return this.fitted('nFeaturesIn_').nFeaturesIn;
  }

  protected input(method: string, X: MatrixLike): Matrix {
    const state = this.fitted(method);
    return checkMatrix(`${this.estimatorName}.${method}`, X, { nFeatures: state.nFeaturesIn });
  }

  transform(X: MatrixLike): Matrix {
    return this.transformMatrix(this.input('transform', X));
  }

  async fitTransform(X: MatrixLike, y?: LabelsLike): Promise<Matrix> {
    await this.fit(X, y);
    return this.transform(X);
  }
}
