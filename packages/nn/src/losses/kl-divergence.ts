import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { checkFloat, checkReduction, checkSameShape, type Loss } from './loss.js';
import { EPSILON } from './crossentropy.js';

/**
 * 'batchmean' (the default): the KL divergence of each sample, averaged over the batch (Keras,
 * and the mathematical KL); 'mean': averaged over every element (PyTorch's default, batchmean /
 * C); 'sum'; 'none': per sample.
 */
export type KlReduction = 'batchmean' | 'mean' | 'sum' | 'none';

/**
 * Kullback-Leibler divergence `sum_c y log(y / p)` over the last axis, with `0 log 0 = 0`.
 * Predictions are floored at 1e-7 so a zero probability gives a large finite loss.
 *
 * ```ts
 * klDivergence().compute(targetDistribution, predictedDistribution);
 * ```
 */
export function klDivergence(options: { reduction?: KlReduction } = {}): Loss {
  const name = 'klDivergence';
  const reduction = options.reduction ?? 'batchmean';
  checkReduction(name, reduction, ['batchmean', 'mean', 'sum', 'none']);
  const elements = (yTrue: Tensor, yPred: Tensor): Tensor => {
    checkSameShape(name, yTrue, yPred);
    if (yPred.rank < 1) fail(name, 'predictions need a class axis');
    const y = checkFloat(name, yTrue, 'y');
    const ylogy = T.mul(y, T.log(T.where(T.greater(y, 0), y, 1)));
    return T.sub(ylogy, T.mul(y, T.log(T.maximum(yPred, EPSILON))));
  };
  const perSample = (yTrue: Tensor, yPred: Tensor) => T.sum(elements(yTrue, yPred), -1);
  return {
    name,
    config: { name, reduction },
    perSample: (yTrue, yPred) => T.tidy(() => perSample(yTrue, yPred)),
    compute: (yTrue, yPred) => T.tidy(() => {
      switch (reduction) {
        case 'mean': return T.mean(elements(yTrue, yPred));
        case 'sum': return T.sum(perSample(yTrue, yPred));
        case 'none': return perSample(yTrue, yPred);
        default: return T.mean(perSample(yTrue, yPred));
      }
    }),
  };
}
