/** A learning rate: a constant, or a function of the optimizer's iteration count. */
export type LearningRate = number | LearningRateSchedule;

export interface ScheduleConfig {
  readonly name: string;
  readonly [k: string]: unknown;
}

/**
 * A learning-rate schedule: called with the number of optimizer iterations done so far
 * (0-based), returns the rate for the coming step. `config` re-creates it with
 * `scheduleFromConfig`.
 */
export interface LearningRateSchedule {
  (step: number): number;
  readonly config: ScheduleConfig;
}

/** Attaches a frozen config to a rate function. */
export function makeSchedule(fn: (step: number) => number, config: ScheduleConfig): LearningRateSchedule {
  const schedule = ((step: number) => fn(step)) as LearningRateSchedule;
  Object.defineProperty(schedule, 'config', { value: Object.freeze({ ...config }), enumerable: true });
  return schedule;
}

export function isSchedule(value: unknown): value is LearningRateSchedule {
  return typeof value === 'function' && typeof (value as Partial<LearningRateSchedule>).config === 'object'
    && typeof (value as LearningRateSchedule).config?.name === 'string';
}
