import { fail, oneHot, tensor, tidy, type Tensor } from '@tessera/tensor';
import { fromArrays, type HostRow } from './dataset/sources.js';
import type { Dataset } from './dataset/dataset.js';
import type { HostTensor } from './host.js';

/** Rows of one split: features (float32) or pixels (uint8), and int32 class labels. */
export interface DataSplit {
  /** Row-major features [rows, features] or images [rows, height, width]. */
  readonly x: Float32Array | Uint8Array;
  readonly y: Int32Array;
  /** Shape of x. */
  readonly shape: readonly number[];
}

/** A dataset loaded in memory: the training rows (x, y) and, when it has one, an official test split. */
export interface LoadedDataset extends DataSplit {
  readonly name: string;
  readonly classNames: readonly string[];
  /** Column names of tabular data. */
  readonly featureNames?: readonly string[];
  readonly test?: DataSplit;
  /** Where the data comes from and under which license. */
  readonly description: string;
}

export interface ToTensorOptions {
  /** Multiplies x; default 1/255 for uint8 pixels, 1 otherwise. */
  readonly scale?: number;
  /** Labels as one-hot float32 [rows, classes] instead of int32 [rows] (default false). */
  readonly oneHot?: boolean;
  /** Number of classes for one-hot (default: classNames' length, else max label + 1). */
  readonly numClasses?: number;
}

function features(split: DataSplit, options: ToTensorOptions): HostTensor {
  const images = split.x instanceof Uint8Array;
  const scale = options.scale ?? (images ? 1 / 255 : 1);
  let data: Float32Array;
  if (split.x instanceof Float32Array && scale === 1) data = split.x;
  else {
    data = new Float32Array(split.x.length);
    for (let i = 0; i < data.length; i++) data[i] = split.x[i] * scale;
  }
  // Images get a channel axis: NHWC, as every Tessera conv layer expects.
  const shape = images && split.shape.length === 3 ? [...split.shape, 1] : [...split.shape];
  return { data, shape };
}

function classCount(split: DataSplit | LoadedDataset, options: ToTensorOptions): number {
  if (options.numClasses !== undefined) {
    if (!Number.isInteger(options.numClasses) || options.numClasses < 1) fail('toTensors', `numClasses must be an integer >= 1, got ${options.numClasses}`);
    return options.numClasses;
  }
  if ('classNames' in split && split.classNames.length > 0) return split.classNames.length;
  let max = -1;
  for (const v of split.y) max = Math.max(max, v);
  return max + 1;
}

/**
 * The split as tensors: `xs` float32 (images as NHWC `[n, h, w, 1]`, pixels scaled to [0, 1]),
 * `ys` int32 labels or one-hot float32. The caller owns (and disposes) both.
 *
 * ```ts
 * const iris = await loadDataset('iris');
 * const { xs, ys } = toTensors(iris, { oneHot: true });
 * ```
 */
export function toTensors(split: DataSplit | LoadedDataset, options: ToTensorOptions = {}): { xs: Tensor; ys: Tensor } {
  const x = features(split, options);
  const k = options.oneHot ? classCount(split, options) : 0;
  return tidy(() => {
    const xs = tensor(x.data as Float32Array, [...x.shape], 'float32');
    const labels = tensor(split.y, [split.y.length], 'int32');
    return { xs, ys: options.oneHot ? oneHot(labels, k) : labels };
  });
}

/**
 * The split as a `Dataset` of `{ xs, ys }` rows (x converted to float32 as in `toTensors`, once);
 * shuffle and batch it for training.
 *
 * ```ts
 * for await (const { xs, ys } of toDataset(iris).shuffle({ seed: 0 }).batch(16)) { ... }
 * ```
 */
export function toDataset(split: DataSplit | LoadedDataset, options: Omit<ToTensorOptions, 'oneHot' | 'numClasses'> = {}): Dataset<HostRow<{ xs: HostTensor; ys: Int32Array }>> {
  return fromArrays({ xs: features(split, options), ys: split.y });
}
