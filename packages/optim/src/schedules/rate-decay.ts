import { checkBoolean, checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

/** The options of Keras' rate-based decays (exponential and inverse time). */
export interface RateDecayOptions {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  /** Decay in whole intervals of `decaySteps` (a staircase) instead of continuously (default false). */
  readonly staircase?: boolean;
}

/**
 * Checks a rate-based decay's options and makes its schedule: `curve` gets the initial rate, the
 * decay rate and the progress `step / decaySteps` (floored for a staircase).
 */
export function rateDecay(owner: string, options: RateDecayOptions,
  curve: (initialLearningRate: number, decayRate: number, progress: number) => number): LearningRateSchedule {
  checkKnownKeys(owner, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, { min: 0 });
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, { above: 0 });
  const decayRate = checkNumber(owner, 'decayRate', options.decayRate, { min: 0 });
  const staircase = checkBoolean(owner, 'staircase', options.staircase ?? false);
  return makeSchedule((step) => {
    const p = step / decaySteps;
    return curve(initialLearningRate, decayRate, staircase ? Math.floor(p) : p);
  }, { name: owner, initialLearningRate, decaySteps, decayRate, staircase });
}
