import { fail, type Tensor, type Variable } from '@tessera/tensor';
import { Optimizer, type UpdateContext } from './optimizer.js';
import type { LearningRate } from './schedules/schedule.js';
import { checkBoolean, checkKnownKeys, checkNumber } from './validate.js';

export interface SgdOptions {
  /** Default 0.01. */
  readonly learningRate?: LearningRate;
  /** Heavy-ball momentum factor (default 0: plain mini-batch SGD, no state). */
  readonly momentum?: number;
  /** Fraction of the gradient held back from the momentum buffer (default 0). */
  readonly dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0, as torch). */
  readonly nesterov?: boolean;
  /** L2 penalty: `weightDecay * param` is added to the gradient (default 0). */
  readonly weightDecay?: number;
}

export const SGD_OPTIONS = ['learningRate', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;

/**
 * Stochastic gradient descent with torch.optim.SGD's rule:
 * `g += wd*p; buf = momentum*buf + (1-dampening)*g` (buf = g at the first step);
 * `p -= lr * (nesterov ? g + momentum*buf : buf)`.
 *
 * ```ts
 * const opt = new Sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * opt.applyGradients([w], [dw]);
 * ```
 */
export class Sgd extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(options: SgdOptions = {}) {
    super('sgd', options.learningRate ?? 0.01);
    checkKnownKeys('sgd', options, SGD_OPTIONS);
    this.momentum = checkNumber('sgd', 'momentum', options.momentum ?? 0, { min: 0 });
    this.dampening = checkNumber('sgd', 'dampening', options.dampening ?? 0, { min: 0, max: 1 });
    this.nesterov = checkBoolean('sgd', 'nesterov', options.nesterov ?? false);
    this.weightDecay = checkNumber('sgd', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      fail('sgd', `nesterov needs momentum > 0 and dampening 0, got momentum ${this.momentum} and dampening ${this.dampening}`);
    }
  }

  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum_buffer'] : [];
  }

  protected hyperparameters(): Record<string, unknown> {
    return { momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }

  protected update(param: Variable, grad: Tensor, { lr, slots, fresh }: UpdateContext): void {
    let g = this.weightDecay !== 0 ? grad.add(param.mul(this.weightDecay)) : grad;
    if (this.momentum > 0) {
      const buf = slots.momentum_buffer;
      const next = fresh.has('momentum_buffer') ? g : buf.mul(this.momentum).add(g.mul(1 - this.dampening));
      buf.assign(next);
      g = this.nesterov ? g.add(next.mul(this.momentum)) : next;
    }
    param.assign(param.sub(g.mul(lr)));
  }
}
