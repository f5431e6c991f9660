import { writeFileAtomic } from '@tessera/nn/node';
import type { TrainPaths } from './paths.js';
import { historySvg } from './plot.js';
import type { HistoryJson, RunSettings } from './run-state.js';

export interface RunSummary {
  readonly test: Record<string, number>;
  readonly settings: RunSettings;
  readonly backend: string;
}

/** The history JSON (epochs, per-metric values, test result, settings) and its plot. */
export async function writeHistory(paths: TrainPaths, history: HistoryJson, summary: RunSummary, title: string): Promise<void> {
  const encode = (text: string) => new TextEncoder().encode(text);
  await writeFileAtomic(paths.history, encode(`${JSON.stringify({ ...history, ...summary }, null, 2)}\n`));
  await writeFileAtomic(paths.plot, encode(await historySvg(history, title)));
}
