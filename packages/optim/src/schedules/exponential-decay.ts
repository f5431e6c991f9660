import type { LearningRateSchedule } from './schedule.js';
import { rateDecay, type RateDecayOptions } from './rate-decay.js';

export type ExponentialDecayOptions = RateDecayOptions;

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)`, the exponent floored when
 * `staircase` is set (Keras ExponentialDecay).
 *
 * ```ts
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  return rateDecay('exponentialDecay', options, (lr0, rate, p) => lr0 * rate ** p);
}
