import { fail } from '@tessera/tensor';
import type { IdxArray } from './idx.js';
import type { DataSplit } from './loaded.js';

/** The four files of an MNIST-style directory, by their standard base names. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const DIGIT_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** One split from an images file and a labels file, checked against each other. */
export function idxSplit(op: string, images: IdxArray, labels: IdxArray, names: { images: string; labels: string }, numClasses: number): DataSplit {
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    fail(op, `${names.images}: expected uint8 images [n, height, width], got ${images.dtype} [${images.shape.join(',')}]`);
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    fail(op, `${names.labels}: expected uint8 labels [n], got ${labels.dtype} [${labels.shape.join(',')}]`);
  }
  if (images.shape[0] !== labels.shape[0]) {
    fail(op, `${names.images} has ${images.shape[0]} images but ${names.labels} has ${labels.shape[0]} labels`);
  }
  const y = Int32Array.from(labels.data);
  const bad = y.findIndex((v) => v >= numClasses);
  if (bad >= 0) fail(op, `${names.labels}: label ${y[bad]} at index ${bad} is not below the ${numClasses} classes`);
  return { x: images.data as Uint8Array, y, shape: [...images.shape] };
}
