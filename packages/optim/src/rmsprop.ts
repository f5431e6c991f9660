import type { Tensor, Variable } from '@tessera/tensor';
import { Optimizer, type UpdateContext } from './optimizer.js';
import type { LearningRate } from './schedules/schedule.js';
import { checkBoolean, checkKnownKeys, checkNumber } from './validate.js';

export interface RmspropOptions {
  /** Default 0.01 (torch). */
  readonly learningRate?: LearningRate;
  /** Decay of the squared-gradient average (torch `alpha`, default 0.99). */
  readonly rho?: number;
  /** Added outside the square root, as torch (default 1e-8). */
  readonly epsilon?: number;
  /** Momentum on the scaled step (default 0: no momentum buffer). */
  readonly momentum?: number;
  /** Divide by the estimated variance instead of the second moment (default false). */
  readonly centered?: boolean;
  /** L2 penalty added to the gradient (default 0). */
  readonly weightDecay?: number;
}

export const RMSPROP_OPTIONS = ['learningRate', 'rho', 'epsilon', 'momentum', 'centered', 'weightDecay'] as const;

/**
 * RMSprop with torch's rule: `v = rho*v + (1-rho)*g^2`; centered: `v_hat = v - mean_g^2`;
 * `step = g / (sqrt(v_hat) + eps)` (eps outside the root, unlike tf.keras);
 * with momentum `buf = momentum*buf + step; p -= lr*buf`, else `p -= lr*step`.
 *
 * ```ts
 * const opt = new Rmsprop({ learningRate: 1e-3, rho: 0.9, centered: true });
 * ```
 */
export class Rmsprop extends Optimizer {
  readonly rho: number;
  readonly epsilon: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;

  constructor(options: RmspropOptions = {}) {
    super('rmsprop', options.learningRate ?? 0.01);
    checkKnownKeys('rmsprop', options, RMSPROP_OPTIONS);
    this.rho = checkNumber('rmsprop', 'rho', options.rho ?? 0.99, { min: 0, below: 1 });
    this.epsilon = checkNumber('rmsprop', 'epsilon', options.epsilon ?? 1e-8, { min: 0 });
    this.momentum = checkNumber('rmsprop', 'momentum', options.momentum ?? 0, { min: 0 });
    this.centered = checkBoolean('rmsprop', 'centered', options.centered ?? false);
    this.weightDecay = checkNumber('rmsprop', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
  }

  protected slotNames(): readonly string[] {
    const names = ['square_avg'];
    if (this.momentum > 0) names.push('momentum_buffer');
    if (this.centered) names.push('grad_avg');
    return names;
  }

  protected hyperparameters(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon, momentum: this.momentum, centered: this.centered, weightDecay: this.weightDecay };
  }

  protected update(param: Variable, grad: Tensor, { lr, slots }: UpdateContext): void {
    const g = this.weightDecay !== 0 ? grad.add(param.mul(this.weightDecay)) : grad;
    const squareAvg = slots.square_avg.mul(this.rho).add(g.square().mul(1 - this.rho));
    slots.square_avg.assign(squareAvg);
    let second = squareAvg;
    if (this.centered) {
      const gradAvg = slots.grad_avg.mul(this.rho).add(g.mul(1 - this.rho));
      slots.grad_avg.assign(gradAvg);
      second = squareAvg.sub(gradAvg.square());
    }
    const scaled = g.div(second.sqrt().add(this.epsilon));
    if (this.momentum > 0) {
      const buf = slots.momentum_buffer.mul(this.momentum).add(scaled);
      slots.momentum_buffer.assign(buf);
      param.assign(param.sub(buf.mul(lr)));
    } else {
      param.assign(param.sub(scaled.mul(lr)));
    }
  }
}
