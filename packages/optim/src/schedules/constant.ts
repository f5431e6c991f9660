import { checkKnownKeys, checkNumber } from '../validate.js';
import { makeSchedule, type LearningRateSchedule } from './schedule.js';

export interface ConstantOptions {
  readonly learningRate: number;
}

/**
 * The same rate at every step (useful where a schedule object is required).
 *
 * ```ts
 * const lr = constant({ learningRate: 0.01 });  // lr(0) === lr(1000) === 0.01
 * ```
 */
export function constant(options: ConstantOptions): LearningRateSchedule {
  const owner = 'constant';
  checkKnownKeys(owner, options, ['learningRate']);
  const learningRate = checkNumber(owner, 'learningRate', options.learningRate, { min: 0 });
  return makeSchedule(() => learningRate, { name: owner, learningRate });
}
