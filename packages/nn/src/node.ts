/**
 * Node-only helpers of @tessera/nn: model files on disk. The format code itself
 * (`saveModel` / `loadModel`) is browser-safe and lives in the main entry.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail } from '@tessera/tensor';
import { loadModel, saveModel, type LoadOptions, type SaveOptions } from './io/model-io.js';
import type { Model } from './models/model.js';
import { ModelCheckpoint, type CheckpointInfo, type ModelCheckpointOptions } from './training/callbacks/model-checkpoint.js';

/**
 * Writes bytes atomically: to a temporary file in the same directory, flushed to disk, then
 * renamed over the target. A crash or error mid-write leaves the previous file untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** Saves a model to a safetensors file atomically (see `saveModel`). */
export async function saveModelFile(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  const bytes = await saveModel(model, options);
  await writeFileAtomic(path, bytes);
}

/** Loads a model file written by `saveModelFile`; errors name the file. */
export async function loadModelFile(path: string, options: LoadOptions = {}): Promise<Model> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return fail('loadModelFile', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return await loadModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
  } catch (error) {
    return fail('loadModelFile', `${path}: ${(error as Error).message}`);
  }
}

/**
 * `{epoch}` (1-based, optionally zero-padded as `{epoch:03d}`) and log values (`{val_loss}`,
 * `{val_loss:.4f}`) in a checkpoint path.
 */
export function formatCheckpointPath(pattern: string, info: CheckpointInfo): string {
  return pattern.replace(/\{([a-zA-Z_]+)(?::(0?)(\d*)(d|\.\d+f))?\}/g, (_whole, key: string, zero: string, width: string, kind: string | undefined) => {
    if (key === 'epoch') {
      const text = String(info.epoch + 1);
      return zero && width ? text.padStart(Number(width), '0') : text;
    }
    const value = info.logs[key];
    if (value === undefined) fail('fileCheckpoint', `path ${JSON.stringify(pattern)} uses {${key}} but the logs have ${Object.keys(info.logs).join(', ')}`);
    return kind && kind.startsWith('.') ? value.toFixed(Number(kind.slice(1, -1))) : String(value);
  });
}

export interface FileCheckpointOptions extends Omit<ModelCheckpointOptions, 'save'> {
  /** Target path; may use `{epoch}` and log keys (see formatCheckpointPath). */
  readonly filepath: string;
  readonly includeOptimizer?: boolean;
}

/**
 * A model checkpoint callback that writes safetensors files atomically.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [fileCheckpoint({ filepath: 'ckpt/epoch-{epoch:02d}.safetensors' })] });
 * ```
 */
export function fileCheckpoint(options: FileCheckpointOptions): ModelCheckpoint {
  const { filepath, includeOptimizer, ...rest } = options;
  if (typeof filepath !== 'string' || filepath.length === 0) fail('fileCheckpoint', 'filepath must be a non-empty string');
  return new ModelCheckpoint({
    ...rest,
    save: (model, info) => saveModelFile(model, formatCheckpointPath(filepath, info), { includeOptimizer }),
  });
}
