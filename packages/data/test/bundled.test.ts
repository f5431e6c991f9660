import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispose, memory, TesseraError } from '@tessera/tensor';
import {
  encodeIdx, FASHION_MNIST_CLASSES, loadDataset as loadWithFetch, toDataset, toTensors, type LoadedDataset,
} from '../src/index.js';
import { bundledDatasetsDir, loadDataset, loadIdxDirectory } from '../src/node.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);
const tmp = mkdtempSync(join(tmpdir(), 'tessera-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function rejects(p: Promise<unknown>, message: RegExp): Promise<void> {
  let error: unknown;
  try { await p; } catch (e) { error = e; }
  expect(error).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

function fold(values: ArrayLike<number>, f: (acc: number, v: number) => number, init: number): number {
  let acc = init;
  for (let i = 0; i < values.length; i++) acc = f(acc, values[i]);
  return acc;
}

const counts = (y: Int32Array, k: number) => Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);

describe('bundled tabular datasets', () => {
  const expected = {
    iris: { shape: [150, 4], counts: [50, 50, 50], first: [5.1, 3.5, 1.4, 0.2], feature0: 'sepal length (cm)' },
    wine: { shape: [178, 13], counts: [59, 71, 48], first: [14.23, 1.71, 2.43], feature0: 'alcohol' },
    breast_cancer: { shape: [569, 30], counts: [212, 357], first: [17.99, 10.38, 122.8], feature0: 'mean radius' },
    digits: { shape: [1797, 64], counts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180], first: [0, 0, 5, 13, 9], feature0: 'pixel_0_0' },
  } as const;

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: shape, labels, feature names, first values`, async () => {
      const ds = await loadDataset(name);
      expect(ds.name).toBe(name);
      expect(ds.shape).toEqual(want.shape);
      expect(ds.x).toBeInstanceOf(Float32Array);
      expect(ds.x.length).toBe(want.shape[0] * want.shape[1]);
      expect(counts(ds.y, ds.classNames.length)).toEqual(want.counts);
      expect(ds.featureNames?.length).toBe(want.shape[1]);
      expect(ds.featureNames?.[0]).toBe(want.feature0);
      expect(Array.from(ds.x.subarray(0, want.first.length))).toEqual(Array.from(Float32Array.from(want.first)));
      expect(ds.description).toMatch(/BSD-3-Clause/);
    });
  }

  it('accepts names case-insensitively with - or _ and rejects unknown ones', async () => {
    expect((await loadDataset('Breast-Cancer')).shape).toEqual([569, 30]);
    await rejects(loadDataset('mnist'), /^loadDataset: "mnist" is neither a bundled dataset \(iris, wine, breast_cancer, digits, fashion_mnist\) nor an existing file or directory$/);
  });

  it('ships every license/origin note next to its data', () => {
    for (const name of ['iris', 'wine', 'breast_cancer', 'digits']) {
      expect(readFileSync(join(bundledDatasetsDir(), `${name}.README.txt`), 'utf8')).toMatch(/scikit-learn .*BSD-3-Clause/);
    }
    expect(readFileSync(join(bundledDatasetsDir(), 'fashion-mnist', 'README.txt'), 'utf8')).toMatch(/MIT[\s\S]*Zalando SE/);
  });
});

describe('bundled Fashion-MNIST subset', () => {
  let fashion: LoadedDataset;
  beforeAll(async () => { fashion = await loadDataset('fashion_mnist'); });

  it('has 500 training and 100 test images per class', () => {
    expect(fashion.shape).toEqual([5000, 28, 28]);
    expect(fashion.x).toBeInstanceOf(Uint8Array);
    expect(fashion.test?.shape).toEqual([1000, 28, 28]);
    expect(counts(fashion.y, 10)).toEqual(Array(10).fill(500));
    expect(counts(fashion.test!.y, 10)).toEqual(Array(10).fill(100));
    expect(fashion.classNames).toEqual(FASHION_MNIST_CLASSES);
    // Real images: plenty of dark background and bright foreground in every split.
    const mean = fold(fashion.x, (a, b) => a + b, 0) / fashion.x.length;
    expect(mean).toBeGreaterThan(40);
    expect(mean).toBeLessThan(110);
  });

  it('matches the checksums recorded in its README', () => {
    const readme = readFileSync(join(bundledDatasetsDir(), 'fashion-mnist', 'README.txt'), 'utf8');
    const listed = [...readme.matchAll(/([0-9a-f]{64}) {2}(\S+\.gz)/g)];
    expect(listed.length).toBe(4);
    for (const [, sha, file] of listed) {
      const actual = createHash('sha256').update(readFileSync(join(bundledDatasetsDir(), 'fashion-mnist', file))).digest('hex');
      expect(actual, file).toBe(sha);
    }
  });

  it('loads the same through fetch (the browser path, DecompressionStream for gzip)', async () => {
    const fetchFile = async (url: URL) => {
      const bytes = await readFile(fileURLToPath(url));
      return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
    };
    const viaFetch = await loadWithFetch('fashion-mnist', { fetch: fetchFile });
    expect(viaFetch.shape).toEqual(fashion.shape);
    expect(Buffer.from(viaFetch.x).equals(Buffer.from(fashion.x))).toBe(true);
    expect(Array.from(viaFetch.test!.y)).toEqual(Array.from(fashion.test!.y));
    const iris = await loadWithFetch('iris', { fetch: fetchFile, baseUrl: new URL(`file://${bundledDatasetsDir()}`) });
    expect(Array.from(iris.x)).toEqual(Array.from((await loadDataset('iris')).x));
    const missing = async () => ({ ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) });
    await rejects(loadWithFetch('wine', { fetch: missing }), /^loadDataset: .*wine\.csv: HTTP 404$/);
    await rejects(loadWithFetch('wine'), /^loadDataset: cannot fetch file:.* in Node use loadDataset from '@tessera\/data\/node'$/);
  });

  it('becomes NHWC tensors scaled to [0, 1], or a batched dataset', async () => {
    const start = memory().numTensors;
    const { xs, ys } = toTensors(fashion.test!, { oneHot: true, numClasses: 10 });
    expect([xs.shape, xs.dtype, ys.shape, ys.dtype]).toEqual([[1000, 28, 28, 1], 'float32', [1000, 10], 'float32']);
    const px = await xs.data();
    expect(fold(px, Math.max, 0)).toBe(1);
    expect(px[200]).toBeCloseTo(fashion.test!.x[200] / 255, 6);
    dispose([xs, ys]);
    const batches = toDataset(fashion).shuffle({ seed: 0 }).batch(64);
    expect(batches.size).toBe(79);
    for await (const b of batches.take(2)) {
      expect([b.xs.shape, b.ys.shape, b.ys.dtype]).toEqual([[64, 28, 28, 1], [64], 'int32']);
      dispose(b);
    }
    expect(memory().numTensors).toBe(start);
  });
});

describe('toTensors on tabular data', () => {
  it('keeps features unscaled and labels int32 by default', async () => {
    const iris = await loadDataset('iris');
    const { xs, ys } = toTensors(iris);
    expect([xs.shape, ys.shape, ys.dtype]).toEqual([[150, 4], [150], 'int32']);
    expect(Array.from((await xs.data()).subarray(0, 4))).toEqual(Array.from(iris.x.subarray(0, 4)));
    const hot = toTensors(iris, { oneHot: true });
    expect(hot.ys.shape).toEqual([150, 3]);
    expect(Array.from((await hot.ys.data()).subarray(0, 3))).toEqual([1, 0, 0]);
    dispose([xs, ys, hot]);
  });
});

describe('IDX directories and paths', () => {
  function writeMnistLike(dir: string, options: { gzip: boolean; dotNames?: boolean; trainLabels?: number[] }) {
    mkdirSync(dir, { recursive: true });
    const images = (n: number) => encodeIdx({ dtype: 'uint8', shape: [n, 4, 4], data: Uint8Array.from({ length: n * 16 }, (_, i) => i % 256) });
    const labels = (values: number[]) => encodeIdx({ dtype: 'uint8', shape: [values.length], data: Uint8Array.from(values) });
    const files: [string, Uint8Array][] = [
      ['train-images-idx3-ubyte', images(6)], ['train-labels-idx1-ubyte', labels(options.trainLabels ?? [0, 1, 2, 3, 4, 9])],
      ['t10k-images-idx3-ubyte', images(3)], ['t10k-labels-idx1-ubyte', labels([5, 6, 7])],
    ];
    for (const [name, bytes] of files) {
      const file = options.dotNames ? name.replace('-idx', '.idx') : name;
      writeFileSync(join(dir, options.gzip ? `${file}.gz` : file), options.gzip ? gzipSync(bytes) : bytes);
    }
  }

  it('loads gzipped and plain directories under either file-name spelling', async () => {
    writeMnistLike(join(tmp, 'gz'), { gzip: true });
    writeMnistLike(join(tmp, 'plain'), { gzip: false, dotNames: true });
    for (const sub of ['gz', 'plain']) {
      const ds = await loadIdxDirectory(join(tmp, sub));
      expect([ds.name, ds.shape, ds.test?.shape, Array.from(ds.y), ds.classNames.length]).toEqual([sub, [6, 4, 4], [3, 4, 4], [0, 1, 2, 3, 4, 9], 10]);
    }
    const viaPath = await loadDataset(join(tmp, 'gz'), { classNames: FASHION_MNIST_CLASSES });
    expect(viaPath.classNames).toEqual(FASHION_MNIST_CLASSES);
  });

  it('reports missing files, mismatched counts and out-of-range labels', async () => {
    await rejects(loadIdxDirectory(join(tmp, 'nowhere')), /^loadIdxDirectory: .*nowhere: not a directory$/);
    mkdirSync(join(tmp, 'empty'));
    await rejects(loadIdxDirectory(join(tmp, 'empty')), /^loadIdxDirectory: .*empty: missing train-images-idx3-ubyte \(looked for train-images-idx3-ubyte.gz, train-images-idx3-ubyte, train-images.idx3-ubyte.gz, train-images.idx3-ubyte\); train-labels-idx1-ubyte .*; t10k-images-idx3-ubyte .*; t10k-labels-idx1-ubyte \(.*\)$/);
    writeMnistLike(join(tmp, 'partial'), { gzip: true });
    rmSync(join(tmp, 'partial', 't10k-labels-idx1-ubyte.gz'));
    await rejects(loadIdxDirectory(join(tmp, 'partial')), /^loadIdxDirectory: .*partial: missing t10k-labels-idx1-ubyte \(looked for/);
    writeMnistLike(join(tmp, 'short'), { gzip: true, trainLabels: [0, 1, 2] });
    await rejects(loadIdxDirectory(join(tmp, 'short')), /train-images-idx3-ubyte.gz has 6 images but .*train-labels-idx1-ubyte.gz has 3 labels$/);
    writeMnistLike(join(tmp, 'labels'), { gzip: false, trainLabels: [0, 1, 2, 3, 4, 12] });
    await rejects(loadIdxDirectory(join(tmp, 'labels')), /train-labels-idx1-ubyte: label 12 at index 5 is not below the 10 classes$/);
  });

  it('loads a CSV path with its labels in the last column', async () => {
    const path = join(tmp, 'points.csv');
    writeFileSync(path, 'x,y,kind\n0,1,b\n2,3,a\n4,5,b\n');
    const ds = await loadDataset(path);
    expect([ds.name, ds.shape, ds.classNames, Array.from(ds.y)]).toEqual(['points', [3, 2], ['a', 'b'], [1, 0, 1]]);
    writeFileSync(path, 'x,target\n0,0.5\n');
    await rejects(loadDataset(path), /^loadDataset: .*points.csv: the label column "target" holds non-integer numbers/);
    writeFileSync(join(tmp, 'notes.txt'), 'hello');
    await rejects(loadDataset(join(tmp, 'notes.txt')), /^loadDataset: .*notes.txt: not a .csv file or an IDX directory$/);
  });
});
