import { access, constants, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

export interface TrainPaths {
  readonly out: string;
  readonly checkpointDir: string;
  readonly history: string;
  readonly plot: string;
}

const stem = (path: string) => join(dirname(path), basename(path).replace(/\.safetensors$/i, ''));

/** Defaults beside `--out`: `model.ckpt/`, `model.history.json`, `model.history.svg`. */
export function trainPaths(out: string, overrides: { checkpointDir?: string; history?: string; plot?: string }): TrainPaths {
  const base = stem(out);
  return {
    out,
    checkpointDir: overrides.checkpointDir ?? `${base}.ckpt`,
    history: overrides.history ?? `${base}.history.json`,
    plot: overrides.plot ?? `${base}.history.svg`,
  };
}

/** Fails before any training when a file could not be written at the end. */
export async function checkWritable(option: string, path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${option} ${path} is a directory, not a file`);
  const dir = dirname(path);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new UsageError(`${option} ${path}: the directory ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`${option} ${path}: ${dir} is not a directory`);
  await access(dir, constants.W_OK).catch(() => { throw new UsageError(`${option} ${path}: the directory ${dir} is not writable`); });
}

export async function ensureDirectory(option: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`${option} ${dir} exists and is not a directory`);
  if (!info) {
    await mkdir(dir, { recursive: true }).catch((error: Error) => { throw new UsageError(`${option} ${dir}: cannot create (${error.message})`); });
  }
  await access(dir, constants.W_OK).catch(() => { throw new UsageError(`${option} ${dir} is not writable`); });
}
