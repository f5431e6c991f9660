import { dispose, fail, keep, type Tensor } from '@tessera/tensor';
import type { Model } from '../../models/model.js';
import { resolveMode, type Callback, type Logs } from './callback.js';

export const EARLY_STOPPING_DEFAULTS = {
  /** Log key to watch. */
  monitor: 'val_loss',
  /** Smallest change that counts as an improvement. */
  minDelta: 0,
  /** Stop after this many epochs without improvement (0 and 1 both stop at the first, as Keras). */
  patience: 0,
  /** 'min', 'max', or 'auto' (max for accuracies, min otherwise). */
  mode: 'auto' as 'auto' | 'min' | 'max',
  /** A value the monitor must beat within `patience` epochs (improvements short of it do not reset the wait); null for none. */
  baseline: null as number | null,
  /** At the end of training, put back the weights of the best epoch. */
  restoreBestWeights: false,
  /** Epochs to wait before watching (warm-up). */
  startFromEpoch: 0,
};

export type EarlyStoppingOptions = Partial<typeof EARLY_STOPPING_DEFAULTS>;

/**
 * Stops fit when the monitored value stops improving. With `restoreBestWeights`, every weight
 * (batch-norm statistics included) of the best epoch is restored when training ends.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2,
 *   callbacks: [earlyStopping({ patience: 3, restoreBestWeights: true })] });
 * ```
 */
export class EarlyStopping implements Callback {
  readonly options: typeof EARLY_STOPPING_DEFAULTS;
  private model: Model | null = null;
  private best = Number.NaN;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;
  /** 0-based epoch of the best value so far (-1 before any). */
  bestEpoch = -1;
  /** 0-based epoch at which training was stopped (-1 if it ran to the end). */
  stoppedEpoch = -1;

  constructor(options: EarlyStoppingOptions = {}) {
    this.options = { ...EARLY_STOPPING_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.patience) || o.patience < 0) fail('earlyStopping', `patience must be a non-negative integer, got ${o.patience}`);
    if (!(o.minDelta >= 0)) fail('earlyStopping', `minDelta must be >= 0, got ${o.minDelta}`);
    if (!['auto', 'min', 'max'].includes(o.mode)) fail('earlyStopping', `mode must be auto, min or max, got ${JSON.stringify(o.mode)}`);
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.best = Number.NaN;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.dropSnapshot();
  }

  private improved(current: number, reference: number, mode: 'min' | 'max'): boolean {
    if (Number.isNaN(reference)) return true;
    return mode === 'min' ? current < reference - this.options.minDelta : current > reference + this.options.minDelta;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const { monitor, baseline, patience, restoreBestWeights, startFromEpoch } = this.options;
    if (epoch < startFromEpoch) return;
    const current = logs[monitor];
    if (current === undefined) {
      fail('earlyStopping', `monitor "${monitor}" is not in the logs (available: ${Object.keys(logs).join(', ')}); `
        + 'give fit validationData or validationSplit, or monitor "loss"');
    }
    const mode = resolveMode(this.options.mode, monitor);
    if (this.improved(current, this.best, mode)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (restoreBestWeights && this.model) {
        this.dropSnapshot();
        this.bestWeights = this.model.getWeights().map((t) => keep(t));
      }
      if (baseline === null || this.improved(current, baseline, mode)) {
        this.wait = 0;
        return;
      }
    }
    this.wait += 1;
    if (this.wait >= patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.bestWeights && this.model && this.options.restoreBestWeights) this.model.setWeights(this.bestWeights);
    this.dropSnapshot();
  }

  private dropSnapshot(): void {
    if (this.bestWeights) dispose(this.bestWeights);
    this.bestWeights = null;
  }
}

export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  return new EarlyStopping(options);
}
