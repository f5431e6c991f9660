import { checkBoolean, checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

export interface InverseTimeDecayOptions {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  /** Use whole intervals of `decaySteps` (default false). */
  readonly staircase?: boolean;
}

/**
 * 1/t decay: `initialLearningRate / (1 + decayRate * step / decaySteps)` (Keras
 * InverseTimeDecay). With `decaySteps: 1` this is torch Adagrad's `lr_decay`.
 *
 * ```ts
 * const lr = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 * lr(2); // 0.05
 * ```
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): LearningRateSchedule {
  const owner = 'inverseTimeDecay';
  checkKnownKeys(owner, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, { min: 0 });
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, { above: 0 });
  const decayRate = checkNumber(owner, 'decayRate', options.decayRate, { min: 0 });
  const staircase = checkBoolean(owner, 'staircase', options.staircase ?? false);
  return makeSchedule((step) => {
    const p = step / decaySteps;
    return initialLearningRate / (1 + decayRate * (staircase ? Math.floor(p) : p));
  }, { name: owner, initialLearningRate, decaySteps, decayRate, staircase });
}
