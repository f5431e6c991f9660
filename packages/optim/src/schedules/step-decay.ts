import { checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

export interface StepDecayOptions {
  readonly initialLearningRate: number;
  /** Steps between two decays (torch StepLR's step_size). */
  readonly stepSize: number;
  /** Multiplicative factor applied every `stepSize` steps (default 0.1, as torch). */
  readonly gamma?: number;
}

/**
 * `initialLearningRate * gamma ^ floor(step / stepSize)`: the rate drops by `gamma` every
 * `stepSize` optimizer steps (torch.optim.lr_scheduler.StepLR, counted in steps).
 *
 * ```ts
 * const lr = stepDecay({ initialLearningRate: 0.1, stepSize: 100, gamma: 0.5 });
 * lr(99);  // 0.1
 * lr(100); // 0.05
 * ```
 */
export function stepDecay(options: StepDecayOptions): LearningRateSchedule {
  const owner = 'stepDecay';
  checkKnownKeys(owner, options, ['initialLearningRate', 'stepSize', 'gamma']);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, { min: 0 });
  const stepSize = checkNumber(owner, 'stepSize', options.stepSize, { min: 1, integer: true });
  const gamma = checkNumber(owner, 'gamma', options.gamma ?? 0.1, { min: 0 });
  return makeSchedule(
    (step) => initialLearningRate * gamma ** Math.floor(step / stepSize),
    { name: owner, initialLearningRate, stepSize, gamma },
  );
}
