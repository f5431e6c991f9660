import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { checkFloat, checkReduction, checkSameShape, makeLoss, meanLastAxis, type Loss, type Reduction } from './loss.js';

export interface RegressionLossOptions {
  /** Default 'mean'. */
  readonly reduction?: Reduction;
}

function elementwise(name: string, options: RegressionLossOptions, extra: Record<string, unknown>,
  f: (error: Tensor) => Tensor): Loss {
  const reduction = options.reduction ?? 'mean';
  checkReduction(name, reduction);
  return makeLoss(name, { name, reduction, ...extra }, reduction, (yTrue, yPred) => {
    checkSameShape(name, yTrue, yPred);
    return meanLastAxis(f(T.sub(checkFloat(name, yPred, 'predictions'), checkFloat(name, yTrue, 'y'))));
  });
}

/**
 * Mean of squared errors.
 *
 * ```ts
 * meanSquaredError().compute(yTrue, yPred); // scalar
 * ```
 */
export function meanSquaredError(options: RegressionLossOptions = {}): Loss {
  return elementwise('meanSquaredError', options, {}, (e) => T.square(e));
}

/** Mean of absolute errors (gradient 0 where the error is exactly 0). */
export function meanAbsoluteError(options: RegressionLossOptions = {}): Loss {
  return elementwise('meanAbsoluteError', options, {}, (e) => T.abs(e));
}

/**
 * Huber loss: `0.5 e^2` where |e| <= delta, `delta (|e| - 0.5 delta)` beyond — quadratic near
 * zero, linear for outliers.
 */
export function huber(options: RegressionLossOptions & { delta?: number } = {}): Loss {
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0)) fail('huber', `delta must be a positive number, got ${JSON.stringify(delta)}`);
  return elementwise('huber', options, { delta }, (e) => {
    // Written as min(|e|, delta) so both regimes share one expression and one gradient path.
    const a = T.abs(e);
    const q = T.minimum(a, delta);
    return T.add(T.mul(T.square(q), 0.5), T.mul(T.sub(a, q), delta));
  });
}
