import { fail } from '@tessera/tensor';
import type { Model } from '../../models/model.js';
import { resolveMode, type Callback, type Logs } from './callback.js';

export interface CheckpointInfo {
  /** 0-based epoch just finished. */
  readonly epoch: number;
  readonly logs: Logs;
}

export const MODEL_CHECKPOINT_DEFAULTS = {
  /** Log key compared when `saveBestOnly`. */
  monitor: 'val_loss',
  /** Save only when the monitored value improves. */
  saveBestOnly: false,
  mode: 'auto' as 'auto' | 'min' | 'max',
};

export interface ModelCheckpointOptions extends Partial<typeof MODEL_CHECKPOINT_DEFAULTS> {
  /**
   * Writes the checkpoint (required). Browser code can keep `await saveModel(model)` bytes;
   * `fileCheckpoint` from `@tessera/nn/node` writes files atomically.
   */
  readonly save: (model: Model, info: CheckpointInfo) => void | Promise<void>;
}

/**
 * Saves the model after every epoch, or only when the monitored value improves.
 *
 * ```ts
 * const saved: Uint8Array[] = [];
 * modelCheckpoint({ save: async (m) => { saved.push(await saveModel(m)); } });
 * ```
 */
export class ModelCheckpoint implements Callback {
  readonly options: typeof MODEL_CHECKPOINT_DEFAULTS & ModelCheckpointOptions;
  private model: Model | null = null;
  private best = Number.NaN;
  /** Epochs (0-based) that were saved. */
  readonly savedEpochs: number[] = [];

  constructor(options: ModelCheckpointOptions) {
    if (typeof options?.save !== 'function') fail('modelCheckpoint', 'save must be a function (model, { epoch, logs }) => void | Promise<void>');
    this.options = { ...MODEL_CHECKPOINT_DEFAULTS, ...options };
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.best = Number.NaN;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const { monitor, saveBestOnly } = this.options;
    if (saveBestOnly) {
      const current = logs[monitor];
      if (current === undefined) fail('modelCheckpoint', `monitor "${monitor}" is not in the logs (available: ${Object.keys(logs).join(', ')})`);
      const mode = resolveMode(this.options.mode, monitor);
      const better = Number.isNaN(this.best) || (mode === 'min' ? current < this.best : current > this.best);
      if (!better) return;
      this.best = current;
    }
    await this.options.save(this.model!, { epoch, logs: { ...logs } });
    this.savedEpochs.push(epoch);
  }
}

export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  return new ModelCheckpoint(options);
}
