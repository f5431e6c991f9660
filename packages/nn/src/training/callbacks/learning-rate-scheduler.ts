import { fail } from '@tessera/tensor';
import type { Model } from '../../models/model.js';
import type { Callback, Logs } from './callback.js';

/**
 * Sets the optimizer's learning rate at the start of each epoch from `schedule(epoch, lr)`
 * (epoch 0-based, lr the current rate) and logs it as `learning_rate`. For per-step schedules,
 * give the optimizer a LearningRateSchedule from @tessera/optim instead.
 *
 * ```ts
 * learningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9));
 * ```
 */
export class LearningRateScheduler implements Callback {
  private model: Model | null = null;

  constructor(private readonly schedule: (epoch: number, lr: number) => number) {
    if (typeof schedule !== 'function') fail('learningRateScheduler', 'expects a function (epoch, lr) => number');
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    const optimizer = this.model!.optimizer;
    const next = this.schedule(epoch, optimizer.currentLearningRate());
    if (typeof next !== 'number' || !Number.isFinite(next) || next < 0) {
      fail('learningRateScheduler', `schedule returned ${next} for epoch ${epoch}; expected a finite number >= 0`);
    }
    optimizer.learningRate = next;
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = this.model!.optimizer.currentLearningRate();
  }
}

export function learningRateScheduler(schedule: (epoch: number, lr: number) => number): LearningRateScheduler {
  return new LearningRateScheduler(schedule);
}
