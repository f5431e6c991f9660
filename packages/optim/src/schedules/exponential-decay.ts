import { checkBoolean, checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

export interface ExponentialDecayOptions {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  /** Decay in whole intervals of `decaySteps` (a staircase) instead of continuously (default false). */
  readonly staircase?: boolean;
}

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)`, the exponent floored when
 * `staircase` is set (Keras ExponentialDecay).
 *
 * ```ts
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const owner = 'exponentialDecay';
  checkKnownKeys(owner, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, { min: 0 });
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, { above: 0 });
  const decayRate = checkNumber(owner, 'decayRate', options.decayRate, { min: 0 });
  const staircase = checkBoolean(owner, 'staircase', options.staircase ?? false);
  return makeSchedule((step) => {
    const p = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(p) : p);
  }, { name: owner, initialLearningRate, decaySteps, decayRate, staircase });
}
