import type { LearningRateSchedule } from './schedule.js';
import { rateDecay, type RateDecayOptions } from './rate-decay.js';

export type InverseTimeDecayOptions = RateDecayOptions;

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
  return rateDecay('inverseTimeDecay', options, (lr0, rate, p) => lr0 / (1 + rate * p));
}
