import type { Tensor, Variable } from '@tessera/tensor';
import { full } from '@tessera/tensor';
import { Optimizer, type UpdateContext } from './optimizer.js';
import type { LearningRate } from './schedules/schedule.js';
import { checkKnownKeys, checkNumber } from './validate.js';

export interface AdagradOptions {
  /** Default 0.01. */
  readonly learningRate?: LearningRate;
  /** Starting value of the squared-gradient sum (default 0 as torch; Keras uses 0.1). */
  readonly initialAccumulatorValue?: number;
  /** Added outside the square root (default 1e-10, as torch). */
  readonly epsilon?: number;
  /** L2 penalty added to the gradient (default 0). */
  readonly weightDecay?: number;
}

export const ADAGRAD_OPTIONS = ['learningRate', 'initialAccumulatorValue', 'epsilon', 'weightDecay'] as const;

/**
 * Adagrad with torch's rule: `sum += g^2; p -= lr * g / (sqrt(sum) + eps)`.
 * torch's `lr_decay` is the `inverseTimeDecay` schedule with `decaySteps: 1`.
 *
 * ```ts
 * const opt = new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.1 });
 * ```
 */
export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  readonly weightDecay: number;

  constructor(options: AdagradOptions = {}) {
    super('adagrad', options.learningRate ?? 0.01);
    checkKnownKeys('adagrad', options, ADAGRAD_OPTIONS);
    this.initialAccumulatorValue = checkNumber('adagrad', 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0, { min: 0 });
    this.epsilon = checkNumber('adagrad', 'epsilon', options.epsilon ?? 1e-10, { min: 0 });
    this.weightDecay = checkNumber('adagrad', 'weightDecay', options.weightDecay ?? 0, { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return ['sum'];
  }

  protected override initialSlot(_slot: string, v: Variable): Tensor {
    return full([...v.shape], this.initialAccumulatorValue);
  }

  protected hyperparameters(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon, weightDecay: this.weightDecay };
  }

  protected update(param: Variable, grad: Tensor, { lr, slots }: UpdateContext): void {
    const g = this.weightDecay !== 0 ? grad.add(param.mul(this.weightDecay)) : grad;
    const sum = slots.sum.add(g.square());
    slots.sum.assign(sum);
    param.assign(param.sub(g.div(sum.sqrt().add(this.epsilon)).mul(lr)));
  }
}
