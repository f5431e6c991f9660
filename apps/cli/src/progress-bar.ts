import { SingleBar } from 'cli-progress';
import { progress, type Logs, type Progress } from '@tessera/nn';
import type { CliIo } from './io.js';

const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(4));

/** One line per epoch: `epoch 2/5  loss 0.4213  accuracy 0.8400  val_loss 0.4480  val_accuracy 0.8310  (12.1s)`. */
export function epochLine(epoch: number, epochs: number, logs: Logs, seconds: number): string {
  const parts = Object.entries(logs).map(([k, v]) => `${k} ${fmt(v)}`);
  return [`epoch ${epoch + 1}/${epochs}`, ...parts, `(${seconds.toFixed(1)}s)`].join('  ');
}

/**
 * Drives a terminal progress bar (cli-progress) from nn's progress callback, redrawn at most
 * ten times a second, and prints the epoch's line when it ends. Without a terminal, only the lines.
 */
export function progressReporter(io: CliIo): { callback: Progress; stop(): void } {
  let bar: SingleBar | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const callback = progress({
    onEpochStart: (e) => {
      if (!io.tty) return;
      bar = new SingleBar({
        stream: io.tty, format: `epoch ${e.epoch + 1}/${e.epochs} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | {eta_formatted} left`,
        fps: 10, barsize: 30, hideCursor: true, clearOnComplete: true, etaBuffer: 50,
      });
      bar.start(e.steps ?? 0, 0, { loss: '-', acc: '-' });
    },
    onStep: (e) => {
      if (e.steps === null) bar?.setTotal(e.step);
      bar?.update(e.step, { loss: fmt(e.logs.loss), acc: fmt(e.logs.accuracy) });
    },
    onEpochEnd: (e) => {
      stop();
      io.out(epochLine(e.epoch, e.epochs, e.logs, e.elapsedMs / 1000));
    },
    onEnd: stop,
  });
  // fit does not reach onEnd when it throws; the caller stops the bar then.
  return { callback, stop };
}
