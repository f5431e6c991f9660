import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PNG } from 'pngjs';
import { readCsvFile } from '@tessera/data/node';
import { fmtShape } from '@tessera/tensor';
import { UsageError } from './errors.js';

/** Samples to predict on, flattened row-major, with a label for each (file name, or file:row). */
export interface Samples {
  readonly labels: string[];
  readonly values: Float32Array;
  readonly count: number;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * A PNG as one sample of `inputShape` [h, w, c]: 1 channel takes the luminance, 3 the RGB values;
 * transparent pixels are composited over black (Fashion-MNIST draws light on dark).
 */
async function pngSample(path: string, inputShape: readonly number[], scale: number): Promise<Float32Array> {
  if (inputShape.length !== 3 || (inputShape[2] !== 1 && inputShape[2] !== 3)) {
    throw new UsageError(`${path}: the model takes samples of shape ${fmtShape(inputShape)}, not images with 1 or 3 channels`);
  }
  const [h, w, c] = inputShape;
  let png: PNG;
  try {
    png = PNG.sync.read(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : `not a readable PNG (${(error as Error).message})`}`);
  }
  if (png.width !== w || png.height !== h) {
    throw new UsageError(`${path}: the image is ${png.width}x${png.height} but the model takes ${w}x${h} images`);
  }
  const out = new Float32Array(h * w * c);
  for (let i = 0; i < h * w; i++) {
    const a = png.data[4 * i + 3] / 255;
    const r = png.data[4 * i] * a, g = png.data[4 * i + 1] * a, b = png.data[4 * i + 2] * a;
    if (c === 1) out[i] = (0.299 * r + 0.587 * g + 0.114 * b) * scale;
    else { out[3 * i] = r * scale; out[3 * i + 1] = g * scale; out[3 * i + 2] = b * scale; }
  }
  return out;
}

/** CSV rows of features; a trailing label column (as in the bundled datasets) is dropped. */
async function csvSamples(path: string, inputShape: readonly number[], scale: number, header: boolean): Promise<Float32Array[]> {
  const table = await readCsvFile(path, { labelColumn: null, header });
  const n = size(inputShape);
  const [rows, cols] = table.shape;
  if (cols !== n && cols !== n + 1) {
    throw new UsageError(`${path}: rows have ${cols} columns but the model takes ${n} features (${fmtShape(inputShape)}), optionally followed by a label`);
  }
  return Array.from({ length: rows }, (_, r) => table.x.slice(r * cols, r * cols + n).map((v) => v * scale));
}

/** Reads PNG images and CSV files into one batch for the model. */
export async function readSamples(paths: readonly string[], inputShape: readonly number[], pixels: boolean, header: boolean): Promise<Samples> {
  const scale = pixels ? 1 / 255 : 1;
  const labels: string[] = [];
  const parts: Float32Array[] = [];
  for (const path of paths) {
    const ext = extname(path).toLowerCase();
    if (ext === '.png') {
      parts.push(await pngSample(path, inputShape, scale));
      labels.push(path);
    } else if (ext === '.csv') {
      const rows = await csvSamples(path, inputShape, scale, header);
      rows.forEach((row, i) => { parts.push(row); labels.push(`${path}:${i + 1}`); });
    } else {
      throw new UsageError(`${path}: give .png images or .csv files of rows`);
    }
  }
  const n = size(inputShape);
  const values = new Float32Array(parts.length * n);
  parts.forEach((p, i) => values.set(p, i * n));
  return { labels, values, count: parts.length };
}
