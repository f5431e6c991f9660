import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Matrix, trainTestSplit } from '@tessera/ml';

/** One benchmark dataset: features scaled to [0, 1], integer labels, a fixed split. */
export interface BenchData {
  readonly name: string;
  readonly XTrain: Matrix;
  readonly yTrain: number[];
  readonly XTest: Matrix;
  readonly yTest: number[];
}

/** The repository root (the folder with pnpm-workspace.yaml) above this file. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: repository root not found');
    dir = up;
  }
  return dir;
}

export function sharedDatasets(): string {
  return process.env.TESSERA_DATASETS ? resolve(process.env.TESSERA_DATASETS) : join(repoRoot(), '..', 'shared', 'datasets');
}

/** scikit-learn's digits (bundled CSV), pixels / 16, an 80/20 stratified split with seed 0. */
export function digits(): BenchData {
  const lines = readFileSync(join(sharedDatasets(), 'digits.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => l.split(',').map(Number));
  const X = Matrix.from(rows.map((r) => r.slice(0, 64).map((v) => v / 16)));
  const y = rows.map((r) => r[64]);
  const split = trainTestSplit(X, y, { testSize: 0.2, stratify: true, randomState: 0 });
  return { name: 'digits', XTrain: split.XTrain, yTrain: split.yTrain as number[], XTest: split.XTest, yTest: split.yTest as number[] };
}

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/** Parses a gzipped IDX file (the MNIST format): big-endian magic, dimensions, then bytes. */
export function idx(path: string, expectMagic: number): { dims: number[]; bytes: Uint8Array } {
  const buf = gunzipSync(readFileSync(path));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectMagic) throw new Error(`bench: ${path} is not an IDX file of the expected type (magic ${magic})`);
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, bytes: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * rank) };
}

function images(path: string, count: number): Matrix {
  const { dims, bytes } = idx(path, 0x803);
  const d = dims[1] * dims[2];
  if (dims[0] < count) throw new Error(`bench: ${path} has ${dims[0]} images, need ${count}`);
  const out = new Float64Array(count * d);
  for (let i = 0; i < count * d; i++) out[i] = bytes[i] / 255;
  return new Matrix(out, count, d);
}

function labels(path: string, count: number): number[] {
  return Array.from(idx(path, 0x801).bytes.subarray(0, count));
}

/**
 * The first 10,000 training and 2,000 test images of Fashion-MNIST (Debian's
 * dataset-fashion-mnist), pixels / 255; null with the reason when the files are absent.
 */
export function fashion(train = 10_000, test = 2_000, dir = FASHION_DIR): BenchData | { missing: string } {
  const file = (f: string) => join(dir, f);
  for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
    if (!existsSync(file(f))) return { missing: `${file(f)} not found (apt-get install dataset-fashion-mnist)` };
  }
  return {
    name: `fashion ${train / 1000}k/${test / 1000}k`,
    XTrain: images(file('train-images-idx3-ubyte.gz'), train), yTrain: labels(file('train-labels-idx1-ubyte.gz'), train),
    XTest: images(file('t10k-images-idx3-ubyte.gz'), test), yTest: labels(file('t10k-labels-idx1-ubyte.gz'), test),
  };
}
