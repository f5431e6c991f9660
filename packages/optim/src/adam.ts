import type { Tensor, Variable } from '@tessera/tensor';
import { AdamFamily, type AdamOptions } from './adam-family.js';

/**
 * Adam and AMSGrad (torch.optim.Adam): see `AdamFamily` for the rule. A non-zero
 * `weightDecay` is an L2 penalty: `wd*p` is added to the gradient before the moments.
 *
 * ```ts
 * const opt = new Adam({ learningRate: 1e-3, amsgrad: true });
 * ```
 */
export class Adam extends AdamFamily {
  constructor(options: AdamOptions = {}) {
    super('adam', options, 0);
  }

  protected effectiveGradient(param: Variable, grad: Tensor): Tensor {
    return this.weightDecay !== 0 ? grad.add(param.mul(this.weightDecay)) : grad;
  }
}
