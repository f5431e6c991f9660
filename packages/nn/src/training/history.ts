import type { Callback, Logs, TrainingParams } from './callbacks/callback.js';

/**
 * What fit returns: the epoch numbers and, per log key, one value per epoch.
 *
 * ```ts
 * const h = await model.fit(x, y, { epochs: 3 });
 * h.history.loss; // [0.61, 0.42, 0.37]
 * ```
 */
export class History implements Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  params: TrainingParams | null = null;

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }

  /** Plain JSON (what the CLI writes to disk). */
  toJSON(): { epoch: number[]; history: Record<string, number[]> } {
    return { epoch: [...this.epoch], history: Object.fromEntries(Object.entries(this.history).map(([k, v]) => [k, [...v]])) };
  }
}
