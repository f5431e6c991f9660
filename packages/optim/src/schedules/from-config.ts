import { fail } from '@tessera/tensor';
import { constant } from './constant.js';
import { cosineDecay } from './cosine-decay.js';
import { exponentialDecay } from './exponential-decay.js';
import { inverseTimeDecay } from './inverse-time-decay.js';
import type { LearningRateSchedule, ScheduleConfig } from './schedule.js';
import { stepDecay } from './step-decay.js';

type Factory = (options: never) => LearningRateSchedule;

/** Every built-in schedule by its config name. */
export const SCHEDULES: Readonly<Record<string, Factory>> = {
  constant, stepDecay, exponentialDecay, inverseTimeDecay, cosineDecay,
};

/**
 * Re-creates a schedule from its `config` (as found in an optimizer's saved config).
 *
 * ```ts
 * const again = scheduleFromConfig(JSON.parse(JSON.stringify(lr.config)));
 * ```
 */
export function scheduleFromConfig(config: ScheduleConfig): LearningRateSchedule {
  if (typeof config !== 'object' || config === null || typeof config.name !== 'string') {
    fail('scheduleFromConfig', `expects an object with a "name", got ${JSON.stringify(config)}`);
  }
  const factory = Object.hasOwn(SCHEDULES, config.name) ? SCHEDULES[config.name] : undefined;
  if (!factory) fail('scheduleFromConfig', `unknown schedule "${config.name}" (known: ${Object.keys(SCHEDULES).join(', ')})`);
  const { name: _name, ...options } = config;
  return factory(options as never);
}
