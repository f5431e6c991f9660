import { readFile } from 'node:fs/promises';
import { decodeSafetensors, encodeSafetensors, loadModel, saveModel, type Model, type SafetensorsTensor } from '@tessera/nn';
import { writeFileAtomic } from '@tessera/nn/node';
import { UsageError } from './errors.js';

/** What the CLI adds to a model file so eval and predict can prepare inputs and name classes. */
export interface DataInfo {
  /** The `--dataset` the model was trained on (a name or a path). */
  readonly dataset: string;
  /** Held-out fraction for datasets without a test split, so eval uses the same test rows. */
  readonly testSplit: number;
  readonly classNames: readonly string[];
  readonly inputShape: readonly number[];
  /** Inputs are 0..255 pixels scaled to 0..1. */
  readonly pixels: boolean;
}

const DATA_KEY = 'tessera.cli.data';

/**
 * Saves the model (weights, architecture, optimizer state) with the data description in the
 * safetensors metadata, atomically: a temporary file renamed over the target.
 */
export async function saveModelWithData(model: Model, path: string, data: DataInfo): Promise<void> {
  const file = decodeSafetensors(await saveModel(model));
  const tensors: Record<string, SafetensorsTensor> = Object.fromEntries(file.tensors);
  await writeFileAtomic(path, encodeSafetensors(tensors, { ...file.metadata, [DATA_KEY]: JSON.stringify(data) }));
}

/** Loads a model file; `data` is null for files written by other tools. Errors name the file. */
export async function loadModelWithData(path: string, option = '--model'): Promise<{ model: Model; data: DataInfo | null }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${path}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message})`);
  }
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const model = await loadModel(view);
    const text = decodeSafetensors(view).metadata[DATA_KEY];
    return { model, data: text ? JSON.parse(text) as DataInfo : null };
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as Error).message}`);
  }
}
