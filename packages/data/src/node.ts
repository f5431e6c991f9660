/**
 * Node-only file reading: IDX and CSV files, MNIST-style directories, and the bundled datasets
 * from the package folder. Everything else of `@tessera/data` is browser-safe and re-exported.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip as zlibGunzip } from 'node:zlib';
import { fail } from '@tessera/tensor';
import { loadEntry } from './bundled.js';
import { findBundled, BUNDLED_DATASETS } from './catalog.js';
import { parseNumericCsv, type NumericCsvOptions, type NumericTable } from './csv.js';
import { allInOrder, decodeIdx, type Gunzip, type IdxArray } from './idx.js';
import { DIGIT_CLASSES, IDX_FILES, idxSplit } from './idx-dataset.js';
import type { LoadedDataset } from './loaded.js';

export * from './index.js';

const inflate = promisify(zlibGunzip);

/** gzip decompression with Node's zlib. */
export const gunzipNode: Gunzip = async (bytes, source) => {
  try {
    return new Uint8Array(await inflate(bytes));
  } catch (error) {
    fail('gunzip', `${source}: corrupt or truncated gzip data (${(error as Error).message})`);
  }
};

async function readBytes(op: string, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    fail(op, `${path}: cannot read (${why})`);
  }
}

/**
 * Reads an IDX file, gzip-compressed or not (detected from its first bytes).
 *
 * ```ts
 * const images = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  return decodeIdx(await readBytes('readIdx', path), path, gunzipNode);
}

/**
 * Reads a numeric CSV file (see `parseNumericCsv`; the label column defaults to the last one).
 *
 * ```ts
 * const { x, y, shape } = await readCsvFile('data/train.csv', { labelColumn: 'species' });
 * ```
 */
export async function readCsvFile(path: string, options: NumericCsvOptions = {}): Promise<NumericTable> {
  const bytes = await readBytes('readCsv', path);
  return parseNumericCsv(new TextDecoder().decode(bytes), { source: path, ...options });
}

/** The `datasets/` folder shipped with this package. */
export function bundledDatasetsDir(): string {
  return fileURLToPath(new URL('../datasets/', import.meta.url));
}

/** The path of each standard file in `dir`; all missing ones are named in one error. */
async function findIdxFiles(dir: string, bases: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const missing: string[] = [];
  for (const base of bases) {
    // Mirrors spell the files with '.' or '-' before "idx"; either may be gzipped.
    const candidates = [base, base.replace('-idx', '.idx')].flatMap((b) => [`${b}.gz`, b]);
    let path: string | undefined;
    for (const name of candidates) {
      if (await stat(join(dir, name)).then((s) => s.isFile(), () => false)) { path = join(dir, name); break; }
    }
    if (path) found.push(path);
    else missing.push(`${base} (looked for ${candidates.join(', ')})`);
  }
  if (missing.length > 0) fail('loadIdxDirectory', `${dir}: missing ${missing.join('; ')}`);
  return found;
}

export interface IdxDirectoryOptions {
  /** Class names in label order (default '0'..'9'; pass FASHION_MNIST_CLASSES for Fashion-MNIST). */
  readonly classNames?: readonly string[];
  /** Name given to the dataset (default: the directory's name). */
  readonly name?: string;
}

/**
 * Loads a full MNIST-style directory (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz): x holds the training
 * images, `test` the t10k split.
 *
 * ```ts
 * const fashion = await loadIdxDirectory('/usr/share/datasets/fashion-mnist', { classNames: FASHION_MNIST_CLASSES });
 * fashion.shape;        // [60000, 28, 28]
 * fashion.test?.shape;  // [10000, 28, 28]
 * ```
 */
export async function loadIdxDirectory(dir: string, options: IdxDirectoryOptions = {}): Promise<LoadedDataset> {
  const op = 'loadIdxDirectory';
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) fail(op, `${dir}: not a directory`);
  const classNames = [...(options.classNames ?? DIGIT_CLASSES)];
  const paths = await findIdxFiles(dir, [IDX_FILES.trainImages, IDX_FILES.trainLabels, IDX_FILES.testImages, IDX_FILES.testLabels]);
  const [trainImages, trainLabels, testImages, testLabels] = await allInOrder(paths.map(readIdxFile));
  const train = idxSplit(op, trainImages, trainLabels, { images: paths[0], labels: paths[1] }, classNames.length);
  const test = idxSplit(op, testImages, testLabels, { images: paths[2], labels: paths[3] }, classNames.length);
  return {
    name: options.name ?? basename(dir), ...train, test, classNames,
    description: `IDX directory ${dir}: ${train.shape[0]} training and ${test.shape[0]} test images of ${train.shape.slice(1).join('x')}.`,
  };
}

/**
 * A dataset by bundled name (iris, wine, breast_cancer, digits, fashion_mnist), or from a path:
 * a directory of MNIST-style IDX files, or a CSV file whose last column holds class labels.
 *
 * ```ts
 * const iris = await loadDataset('iris');
 * const mine = await loadDataset('./measurements.csv');
 * ```
 */
export async function loadDataset(nameOrPath: string, options: IdxDirectoryOptions = {}): Promise<LoadedDataset> {
  const op = 'loadDataset';
  if (typeof nameOrPath !== 'string' || nameOrPath.trim() === '') fail(op, `expects a dataset name or a path, got ${JSON.stringify(nameOrPath)}`);
  const info = await stat(nameOrPath).catch(() => undefined);
  if (!info) {
    const key = nameOrPath.trim().toLowerCase().replace(/-/g, '_');
    if (!BUNDLED_DATASETS.includes(key)) {
      fail(op, `"${nameOrPath}" is neither a bundled dataset (${BUNDLED_DATASETS.join(', ')}) nor an existing file or directory`);
    }
    const dir = bundledDatasetsDir();
    return loadEntry(findBundled(key, op), (f) => readBytes(op, join(dir, f)), gunzipNode);
  }
  if (info.isDirectory()) return loadIdxDirectory(nameOrPath, options);
  if (!nameOrPath.toLowerCase().endsWith('.csv')) fail(op, `${nameOrPath}: not a .csv file or an IDX directory`);
  const table = await readCsvFile(nameOrPath);
  if (!(table.y instanceof Int32Array)) {
    fail(op, `${nameOrPath}: the label column "${table.labelName}" holds non-integer numbers; read regression data with readCsvFile`);
  }
  let classNames = options.classNames ? [...options.classNames] : table.classNames;
  if (!classNames) {
    let max = 0;
    for (const v of table.y) {
      if (v < 0) fail(op, `${nameOrPath}: class label ${v} is negative`);
      max = Math.max(max, v);
    }
    classNames = Array.from({ length: max + 1 }, (_, i) => String(i));
  }
  return {
    name: options.name ?? basename(nameOrPath, '.csv'), x: table.x, y: table.y, shape: table.shape,
    featureNames: table.featureNames, classNames, description: `CSV file ${nameOrPath}.`,
  };
}
