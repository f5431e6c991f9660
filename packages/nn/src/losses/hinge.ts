import * as T from '@tessera/tensor';
import { checkFloat, checkReduction, checkSameShape, makeLoss, meanLastAxis, type Loss, type Reduction } from './loss.js';

/**
 * Hinge loss `max(0, 1 - y p)` with labels -1/+1; labels given as 0/1 are mapped to -1/+1
 * (a 0 label becomes -1), as Keras does.
 *
 * ```ts
 * hinge().compute(tensor([1, -1]), tensor([0.3, -2]));
 * ```
 */
export function hinge(options: { reduction?: Reduction } = {}): Loss {
  const name = 'hinge';
  const reduction = options.reduction ?? 'mean';
  checkReduction(name, reduction);
  return makeLoss(name, { name, reduction }, reduction, (yTrue, yPred) => {
    checkSameShape(name, yTrue, yPred);
    const y0 = checkFloat(name, yTrue, 'y');
    const y = T.where(T.equal(y0, 0), -1, y0);
    return meanLastAxis(T.relu(T.sub(1, T.mul(y, yPred))));
  });
}
