import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratorState } from '@tessera/tensor';
import { writeFileAtomic } from '@tessera/nn/node';
import { UsageError } from './errors.js';

/** The settings that must not change when a run is resumed (epochs may grow). */
export interface RunSettings {
  readonly model: string;
  readonly dataset: string;
  readonly batchSize: number;
  readonly optimizer: string;
  readonly lr: number;
  readonly validationSplit: number;
  readonly testSplit: number;
  readonly seed: number;
}

export interface HistoryJson {
  epoch: number[];
  history: Record<string, number[]>;
}

/**
 * `run.json` in the checkpoint directory, rewritten atomically after each epoch's checkpoint
 * file is complete, so it never names a checkpoint that is missing or half-written.
 */
export interface RunState {
  readonly format: 'tessera-cli-run';
  readonly version: 1;
  readonly settings: RunSettings;
  /** Epochs finished (the checkpoint holds the model after epoch `epochsDone`). */
  readonly epochsDone: number;
  readonly epochs: number;
  readonly checkpoint: string;
  readonly history: HistoryJson;
  /** The global generator after that epoch, restored on resume. */
  readonly generator: GeneratorState;
}

export const RUN_FILE = 'run.json';

export function checkpointName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.safetensors`;
}

export async function writeRunState(dir: string, state: RunState): Promise<void> {
  await writeFileAtomic(join(dir, RUN_FILE), new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`));
}

/** The run state of a checkpoint directory, or null when it has none. */
export async function readRunState(dir: string): Promise<RunState | null> {
  const path = join(dir, RUN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`${path}: cannot read (${(error as Error).message})`);
  }
  let state: RunState;
  try {
    state = JSON.parse(text) as RunState;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (state?.format !== 'tessera-cli-run' || state.version !== 1 || !Number.isInteger(state.epochsDone) || typeof state.checkpoint !== 'string') {
    throw new UsageError(`${path}: not a tessera run file`);
  }
  return state;
}

/** Settings given on the command line that differ from the run being resumed. */
export function settingConflicts(saved: RunSettings, given: Partial<RunSettings>): string[] {
  return (Object.keys(given) as (keyof RunSettings)[])
    .filter((k) => given[k] !== undefined && given[k] !== saved[k])
    .map((k) => `${k} ${JSON.stringify(given[k])} (the run used ${JSON.stringify(saved[k])})`);
}
