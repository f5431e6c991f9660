import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FASHION_MNIST_CLASSES, holdOutSplit, loadDataset, type DataSplit, type LoadedDataset } from '@tessera/data/node';
import { UsageError } from './errors.js';

/** Seed of the train/test split of datasets without an official test split, so train and eval agree. */
export const TEST_SPLIT_SEED = 0;

export interface PreparedData {
  readonly name: string;
  readonly classNames: readonly string[];
  /** One sample's shape as the model sees it (images get a channel axis). */
  readonly inputShape: readonly number[];
  /** Features are pixels scaled from 0..255 to 0..1 (images) or used as they are (tables). */
  readonly pixels: boolean;
  readonly train: DataSplit;
  readonly test: DataSplit;
  /** Where the test rows come from, for the user. */
  readonly testSource: string;
}

export async function loadData(spec: string, testSplit: number): Promise<PreparedData> {
  // IDX directories default to digit class names; Fashion-MNIST's are known by its folder name.
  const isDir = await stat(spec).then((s) => s.isDirectory(), () => false);
  const fashion = isDir && /fashion/i.test(basename(spec));
  const ds: LoadedDataset = await loadDataset(spec, fashion ? { classNames: FASHION_MNIST_CLASSES } : {});
  const pixels = ds.x instanceof Uint8Array;
  const sample = ds.shape.slice(1);
  const inputShape = pixels && sample.length === 2 ? [...sample, 1] : sample;
  if (ds.shape[0] === 0) throw new UsageError(`--dataset ${spec} has no rows`);
  let train: DataSplit;
  let test: DataSplit;
  let testSource: string;
  if (ds.test) {
    train = { x: ds.x, y: ds.y, shape: ds.shape };
    test = ds.test;
    testSource = 'the official test split';
  } else {
    [train, test] = splitRows(ds, [1 - testSplit, testSplit], TEST_SPLIT_SEED);
    testSource = `a held-out ${Math.round(testSplit * 100)}% (stratified, seed ${TEST_SPLIT_SEED})`;
  }
  return { name: ds.name, classNames: ds.classNames, inputShape, pixels, train, test, testSource };
}

/** Stratified, seeded parts of a split's rows. */
export function splitRows(split: DataSplit, fractions: readonly number[], seed: number): DataSplit[] {
  const parts = holdOutSplit({ x: { data: split.x, shape: [...split.shape] }, y: split.y }, fractions, { seed, stratify: split.y });
  return parts.map((p) => ({ x: p.x.data as Float32Array | Uint8Array, y: p.y as Int32Array, shape: p.x.shape }));
}
