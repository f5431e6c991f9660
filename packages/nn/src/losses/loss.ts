import * as T from '@tessera/tensor';
import { fail, fmtShape, type Tensor } from '@tessera/tensor';

/**
 * How per-sample losses become the loss: 'mean' over every sample (the default; for losses
 * computed per element this is the mean over all elements), 'sum', or 'none' (per-sample).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossConfig {
  readonly name: string;
  readonly [k: string]: unknown;
}

/**
 * A loss: `perSample(yTrue, yPred)` gives one value per sample (the trailing axis is consumed;
 * a 1-D input has one value per element), `compute` reduces it.
 */
export interface Loss {
  readonly name: string;
  readonly config: LossConfig;
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  compute(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * `compute` and, from the same pass, the accuracy of the predictions' arg-max against integer
   * labels (sparse categorical accuracy); only losses that get it for free have it.
   */
  computeWithAccuracy?(yTrue: Tensor, yPred: Tensor): { loss: Tensor; accuracy: Tensor };
}

/** Mean over the last axis, or the elements themselves for a vector (Keras' per-sample form). */
export function meanLastAxis(values: Tensor): Tensor {
  return values.rank >= 2 ? T.mean(values, -1) : values;
}

export function sumLastAxis(values: Tensor): Tensor {
  return values.rank >= 2 ? T.sum(values, -1) : values;
}

export function reduce(perSample: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return perSample;
  return reduction === 'sum' ? T.sum(perSample) : T.mean(perSample);
}

export function checkReduction(name: string, reduction: unknown, allowed: readonly string[] = ['mean', 'sum', 'none']): void {
  if (!allowed.includes(reduction as string)) fail(name, `reduction must be one of ${allowed.join(', ')}, got ${JSON.stringify(reduction)}`);
}

export function checkSameShape(name: string, yTrue: Tensor, yPred: Tensor): void {
  const same = yTrue.rank === yPred.rank && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  if (!same) {
    fail(name, `y shape ${fmtShape(yTrue.shape)} is incompatible with predictions of shape ${fmtShape(yPred.shape)} (they must be equal)`);
  }
}

export function checkFloat(name: string, t: Tensor, what: string): Tensor {
  if (t.dtype === 'float32') return t;
  if (t.dtype === 'bool' || t.dtype === 'int32') return T.cast(t, 'float32');
  return fail(name, `${what} must be numeric, got ${t.dtype}`);
}

/** Builds a Loss from its per-sample function and the reduction. */
export function makeLoss(name: string, config: LossConfig, reduction: Reduction,
  perSample: (yTrue: Tensor, yPred: Tensor) => Tensor): Loss {
  return {
    name,
    config,
    perSample: (yTrue, yPred) => T.tidy(() => perSample(yTrue, yPred)),
    compute: (yTrue, yPred) => T.tidy(() => reduce(perSample(yTrue, yPred), reduction)),
  };
}
