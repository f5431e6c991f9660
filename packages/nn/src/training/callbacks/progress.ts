import type { Callback, Logs, TrainingParams } from './callback.js';

/** One progress report: where fit is and the running logs. */
export interface ProgressEvent {
  /** 0-based epoch. */
  readonly epoch: number;
  readonly epochs: number;
  /** Batches finished in this epoch. */
  readonly step: number;
  /** Batches per epoch, null when unknown (datasets without a size). */
  readonly steps: number | null;
  /** Running means in a batch event; the epoch's final logs (validation included) at epoch end. */
  readonly logs: Logs;
  /** Milliseconds since the epoch started. */
  readonly elapsedMs: number;
}

export interface ProgressHandlers {
  onStart?(params: TrainingParams): void;
  onEpochStart?(event: ProgressEvent): void;
  onStep?(event: ProgressEvent): void;
  onEpochEnd?(event: ProgressEvent): void;
  onEnd?(logs: Logs): void;
}

/**
 * Turns fit's callbacks into progress events a UI can draw from (a terminal progress bar in the
 * CLI, a chart in a page). nn itself prints nothing.
 *
 * ```ts
 * progress({ onStep: (e) => bar.update(e.step, { loss: e.logs.loss }), onEpochEnd: (e) => bar.stop() });
 * ```
 */
export class Progress implements Callback {
  private params: TrainingParams | null = null;
  private epoch = 0;
  private started = 0;
  private lastStep = 0;

  constructor(private readonly handlers: ProgressHandlers) {}

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  private event(step: number, logs: Logs): ProgressEvent {
    return {
      epoch: this.epoch, epochs: this.params?.epochs ?? 0, step, steps: this.params?.steps ?? null,
      logs: { ...logs }, elapsedMs: Date.now() - this.started,
    };
  }

  onTrainBegin(): void {
    if (this.params) this.handlers.onStart?.(this.params);
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.started = Date.now();
    this.lastStep = 0;
    this.handlers.onEpochStart?.(this.event(0, {}));
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.lastStep = batch + 1;
    this.handlers.onStep?.(this.event(this.lastStep, logs));
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    this.handlers.onEpochEnd?.(this.event(this.lastStep, logs));
  }

  onTrainEnd(logs: Logs): void {
    this.handlers.onEnd?.(logs);
  }
}

export function progress(handlers: ProgressHandlers): Progress {
  return new Progress(handlers);
}

/** One line per epoch through `print` (fit's `verbose: 1`): `Epoch 2/5 - 1.2s - loss: 0.4213 - val_loss: 0.4480`. */
export function epochLogger(print: (line: string) => void = console.log): Callback {
  let started = 0;
  let epochs = 0;
  return {
    setParams: (p) => { epochs = p.epochs; },
    onEpochBegin: () => { started = Date.now(); },
    onEpochEnd: (epoch, logs) => {
      const parts = Object.entries(logs).map(([k, v]) => `${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`);
      print([`Epoch ${epoch + 1}/${epochs}`, `${((Date.now() - started) / 1000).toFixed(1)}s`, ...parts].join(' - '));
    },
  };
}
