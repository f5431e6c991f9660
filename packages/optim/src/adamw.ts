import type { Tensor, Variable } from '@tessera/tensor';
import { AdamFamily, type AdamOptions } from './adam-family.js';

/**
 * AdamW (decoupled weight decay, torch.optim.AdamW): `p *= 1 - lr*weightDecay` first, then the
 * plain Adam step on the unmodified gradient. `weightDecay` defaults to 0.01 as in torch.
 *
 * ```ts
 * const opt = new AdamW({ learningRate: 1e-3, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends AdamFamily {
  constructor(options: AdamOptions = {}) {
    super('adamw', options, 0.01);
  }

  protected effectiveGradient(param: Variable, grad: Tensor, lr: number): Tensor {
    if (this.weightDecay !== 0) param.assign(param.mul(1 - lr * this.weightDecay));
    return grad;
  }
}
