import { fail } from '@tessera/tensor';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { Rmsprop } from './rmsprop.js';
import { scheduleFromConfig } from './schedules/from-config.js';
import { isSchedule, type ScheduleConfig } from './schedules/schedule.js';
import { Sgd } from './sgd.js';
import type { OptimizerState } from './state.js';

export type OptimizerSpec = string | { readonly name: string; readonly [k: string]: unknown };

const FACTORIES: Readonly<Record<string, (options: Record<string, unknown>) => Optimizer>> = {
  sgd: (o) => new Sgd(o),
  adagrad: (o) => new Adagrad(o),
  rmsprop: (o) => new Rmsprop(o),
  adam: (o) => new Adam(o),
  adamw: (o) => new AdamW(o),
};

/** Names `getOptimizer` accepts (case-insensitive). */
export const OPTIMIZER_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * An optimizer from a name or a config object (hyperparameters as in `getConfig()`; a
 * `learningRate` may be a number, a schedule, or a schedule's config).
 *
 * ```ts
 * getOptimizer('adam');
 * getOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.9 });
 * getOptimizer({ name: 'adamw', learningRate: { name: 'cosineDecay', initialLearningRate: 1e-3, decaySteps: 1000 } });
 * ```
 */
export function getOptimizer(spec: OptimizerSpec): Optimizer {
  const op = 'getOptimizer';
  const { name, ...options } = typeof spec === 'string' ? { name: spec } : (spec ?? {}) as { name?: unknown };
  if (typeof name !== 'string') fail(op, `expects an optimizer name or {name, ...options}, got ${JSON.stringify(spec)}`);
  const key = name.toLowerCase();
  const factory = Object.hasOwn(FACTORIES, key) ? FACTORIES[key] : undefined;
  if (!factory) fail(op, `unknown optimizer "${name}" (known: ${OPTIMIZER_NAMES.join(', ')})`);
  const lr = (options as Record<string, unknown>).learningRate;
  if (typeof lr === 'object' && lr !== null && !isSchedule(lr)) {
    (options as Record<string, unknown>).learningRate = scheduleFromConfig(lr as ScheduleConfig);
  }
  return factory(options as Record<string, unknown>);
}

/** Re-creates an optimizer from a saved state: built from `state.config`, then `setState`. */
export function optimizerFromState(state: OptimizerState): Optimizer {
  if (typeof state !== 'object' || state === null || typeof state.config !== 'object' || state.config === null) {
    fail('optimizerFromState', 'expects a state with a name and a config object');
  }
  const optimizer = getOptimizer({ ...state.config, name: state.name });
  optimizer.setState(state);
  return optimizer;
}
