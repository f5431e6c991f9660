import { checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

export interface CosineDecayOptions {
  readonly initialLearningRate: number;
  /** Steps of the cosine part (after the warmup). */
  readonly decaySteps: number;
  /** Floor of the decay, as a fraction of the decayed-from rate (default 0). */
  readonly alpha?: number;
  /** Steps of linear warmup from `initialLearningRate` to `warmupTarget` (default 0). */
  readonly warmupSteps?: number;
  /** Rate reached at the end of the warmup; no warmup when absent. */
  readonly warmupTarget?: number;
}

/**
 * Cosine decay with optional linear warmup, as Keras 3's CosineDecay:
 * - without `warmupTarget`: `lr(s) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(s, D) / D)) + alpha)`;
 * - with it: linear from `initialLearningRate` to `warmupTarget` over `warmupSteps`, then the
 *   cosine above starting from `warmupTarget`, with `s - warmupSteps` steps into it.
 *
 * ```ts
 * const lr = cosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 900 });
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const owner = 'cosineDecay';
  checkKnownKeys(owner, options, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupSteps', 'warmupTarget']);
  const initialLearningRate = checkNumber(owner, 'initialLearningRate', options.initialLearningRate, { min: 0 });
  const decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, { above: 0 });
  const alpha = checkNumber(owner, 'alpha', options.alpha ?? 0, { min: 0, max: 1 });
  const warmupSteps = checkNumber(owner, 'warmupSteps', options.warmupSteps ?? 0, { min: 0, integer: true });
  const warmupTarget = options.warmupTarget === undefined ? undefined
    : checkNumber(owner, 'warmupTarget', options.warmupTarget, { min: 0 });

  const decay = (step: number, from: number) => {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (Math.min(step, decaySteps) / decaySteps)));
    return from * ((1 - alpha) * cosine + alpha);
  };
  const config = warmupTarget === undefined
    ? { name: owner, initialLearningRate, decaySteps, alpha, warmupSteps }
    : { name: owner, initialLearningRate, decaySteps, alpha, warmupSteps, warmupTarget };
  return makeSchedule((step) => {
    if (warmupTarget === undefined) return decay(step, initialLearningRate);
    if (step < warmupSteps) return initialLearningRate + (warmupTarget - initialLearningRate) * (step / warmupSteps);
    return decay(step - warmupSteps, warmupTarget);
  }, config);
}
