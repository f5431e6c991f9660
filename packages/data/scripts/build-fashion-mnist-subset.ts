/**
 * Builds the bundled Fashion-MNIST subset (datasets/fashion-mnist/*.gz) from the full IDX files,
 * e.g. Debian's `dataset-fashion-mnist` package:
 *
 *   apt-get install -y dataset-fashion-mnist
 *   pnpm --filter @tessera/data build:fashion-subset [/usr/share/datasets/fashion-mnist]
 *
 * The output is byte-for-byte reproducible (gzip level 9, no timestamp in the header).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeIdx, IDX_FILES, readIdxFile, type IdxArray } from '../src/node.js';
import { firstPerClass } from './select-subset.js';

const source = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const out = fileURLToPath(new URL('../datasets/fashion-mnist/', import.meta.url));
const splits = [
  { images: IDX_FILES.trainImages, labels: IDX_FILES.trainLabels, perClass: 500 },
  { images: IDX_FILES.testImages, labels: IDX_FILES.testLabels, perClass: 100 },
];

function rowsOf(array: IdxArray, rows: Int32Array): IdxArray {
  const rowSize = array.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new Uint8Array(rows.length * rowSize);
  rows.forEach((r, i) => data.set(array.data.subarray(r * rowSize, (r + 1) * rowSize) as Uint8Array, i * rowSize));
  return { dtype: array.dtype, shape: [rows.length, ...array.shape.slice(1)], data };
}

function write(name: string, array: IdxArray): void {
  const bytes = gzipSync(encodeIdx(array), { level: 9 });
  writeFileSync(join(out, `${name}.gz`), bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(`${name}.gz  [${array.shape.join(',')}]  ${bytes.length} bytes  sha256 ${sha}`);
}

mkdirSync(out, { recursive: true });
for (const split of splits) {
  const images = await readIdxFile(join(source, `${split.images}.gz`));
  const labels = await readIdxFile(join(source, `${split.labels}.gz`));
  const rows = firstPerClass(labels.data, 10, split.perClass);
  write(split.images, rowsOf(images, rows));
  write(split.labels, rowsOf(labels, rows));
}
