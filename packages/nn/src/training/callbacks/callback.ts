import type { Model } from '../../models/model.js';

/** Losses and metrics by name (`loss`, `accuracy`, `val_loss`, ...). */
export type Logs = Record<string, number>;

/** What fit tells callbacks before training starts. */
export interface TrainingParams {
  readonly epochs: number;
  readonly initialEpoch: number;
  /** Batches per epoch; null when a dataset does not know its size. */
  readonly steps: number | null;
  /** Training samples per epoch; null for datasets. */
  readonly samples: number | null;
  readonly batchSize: number | null;
  readonly validation: boolean;
  /** Log keys of an epoch, in order (`loss`, metrics, then `val_` ones). */
  readonly metrics: readonly string[];
}

/**
 * Hooks into fit. Every method is optional and may return a promise (fit awaits it). Epochs
 * are 0-based; batch logs hold the running means of the epoch so far.
 */
export interface Callback {
  setModel?(model: Model): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** Runs callbacks in order, awaiting each. */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[]) {}

  setup(model: Model, params: TrainingParams): void {
    for (const c of this.callbacks) {
      c.setModel?.(model);
      c.setParams?.(params);
    }
  }

  async trainBegin(logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainBegin?.(logs); }
  async trainEnd(logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onTrainEnd?.(logs); }
  async epochBegin(epoch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs); }
  async epochEnd(epoch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs); }
  async batchBegin(batch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs); }
  async batchEnd(batch: number, logs: Logs): Promise<void> { for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs); }
}

/** 'min' for losses, 'max' for accuracies, as Keras picks for mode 'auto'. */
export function resolveMode(mode: 'auto' | 'min' | 'max', monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc|precision|recall|f1/.test(monitor) ? 'max' : 'min';
}
