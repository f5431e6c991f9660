import { adamUpdate, type Tensor, type Variable } from '@tessera/tensor';
import { Optimizer, type OptimizerName, type UpdateContext } from './optimizer.js';
import type { LearningRate } from './schedules/schedule.js';
import { checkBoolean, checkKnownKeys, checkNumber } from './validate.js';

export interface AdamOptions {
  /** Default 1e-3. */
  readonly learningRate?: LearningRate;
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** Added to the bias-corrected sqrt(v_hat), as torch (default 1e-8; Keras uses 1e-7 and an "epsilon hat"). */
  readonly epsilon?: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay (default 0; AdamW 0.01). */
  readonly weightDecay?: number;
  /** AMSGrad: divide by the running maximum of v (default false). */
  readonly amsgrad?: boolean;
}

export const ADAM_OPTIONS = ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'amsgrad'] as const;

/**
 * The Adam update shared by Adam and AdamW (torch's rule, bias corrections per variable step t):
 * `m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2` (AMSGrad: `vmax = max(vmax, v)`, used for v);
 * `p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)`. The two differ only in how weight
 * decay enters (`effectiveGradient`).
 */
export abstract class AdamFamily extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;

  protected constructor(name: OptimizerName, options: AdamOptions, defaultWeightDecay: number) {
    super(name, options.learningRate ?? 1e-3);
    checkKnownKeys(name, options, ADAM_OPTIONS);
    this.beta1 = checkNumber(name, 'beta1', options.beta1 ?? 0.9, { min: 0, below: 1 });
    this.beta2 = checkNumber(name, 'beta2', options.beta2 ?? 0.999, { min: 0, below: 1 });
    this.epsilon = checkNumber(name, 'epsilon', options.epsilon ?? 1e-8, { min: 0 });
    this.weightDecay = checkNumber(name, 'weightDecay', options.weightDecay ?? defaultWeightDecay, { min: 0 });
    this.amsgrad = checkBoolean(name, 'amsgrad', options.amsgrad ?? false);
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay, amsgrad: this.amsgrad };
  }

  /** The gradient the moments see (Adam folds in an L2 penalty; AdamW decays the parameter). */
  protected abstract effectiveGradient(param: Variable, grad: Tensor, lr: number): Tensor;

  protected update(param: Variable, grad: Tensor, { lr, step, slots }: UpdateContext): void {
    const g = this.effectiveGradient(param, grad, lr);
    // One fused kernel where the backend has it, writing over the variables where it can (the
    // core's adamUpdate; same numbers either way).
    adamUpdate(
      { param, m: slots.exp_avg, v: slots.exp_avg_sq, vmax: this.amsgrad ? slots.max_exp_avg_sq : null },
      g,
      {
        beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
        stepSize: lr / (1 - this.beta1 ** step), correction2: Math.sqrt(1 - this.beta2 ** step),
      },
    );
  }
}
