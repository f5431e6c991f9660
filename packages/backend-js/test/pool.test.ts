import type { Pool2DInfo } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { finiteDifferences, poolInfo, someCoordinates, type Padding } from './conv-reference.js';
import { expectClose, newBackend, rng, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

type PoolGeometry = Parameters<typeof poolInfo>[0];

const GEOMETRIES: PoolGeometry[] = [
  { batch: 1, height: 4, width: 4, channels: 1, window: [2, 2], strides: [2, 2], padding: 'valid' },
  { batch: 2, height: 5, width: 5, channels: 3, window: [2, 2], strides: [2, 2], padding: 'same' },
  { batch: 1, height: 5, width: 6, channels: 2, window: [3, 3], strides: [2, 2], padding: 'same' },
  { batch: 2, height: 7, width: 7, channels: 4, window: [3, 3], strides: [2, 2], padding: 'valid' },
  { batch: 1, height: 6, width: 6, channels: 2, window: [3, 3], strides: [1, 1], padding: 'same' },
  { batch: 1, height: 8, width: 5, channels: 3, window: [3, 2], strides: [2, 1], padding: 'same' },
  { batch: 3, height: 4, width: 6, channels: 5, window: [2, 3], strides: [1, 3], padding: 'valid' },
  { batch: 1, height: 5, width: 5, channels: 2, window: [3, 3], strides: [1, 1], padding: [1, 0, 2, 1] as Padding },
];

function describePool(p: Pool2DInfo): string {
  return `N${p.batch} ${p.inHeight}x${p.inWidth}x${p.channels} window ${p.windowHeight}x${p.windowWidth}`
    + ` s${p.strideHeight},${p.strideWidth} pad[${p.padTop},${p.padBottom},${p.padLeft},${p.padRight}] -> ${p.outHeight}x${p.outWidth}`;
}

/** In-bounds cells (flat NHWC offsets without the channel) of the window of output (n, oh, ow). */
function windowCells(p: Pool2DInfo, n: number, oh: number, ow: number): number[] {
  const cells: number[] = [];
  for (let fh = 0; fh < p.windowHeight; fh++) for (let fw = 0; fw < p.windowWidth; fw++) {
    const ih = oh * p.strideHeight - p.padTop + fh;
    const iw = ow * p.strideWidth - p.padLeft + fw;
    if (ih >= 0 && ih < p.inHeight && iw >= 0 && iw < p.inWidth) cells.push(((n * p.inHeight + ih) * p.inWidth + iw) * p.channels);
  }
  return cells;
}

/** Calls fn(outputOffset, cells) for every output pixel. */
function forEachWindow(p: Pool2DInfo, fn: (o: number, cells: number[]) => void): void {
  for (let n = 0; n < p.batch; n++) for (let oh = 0; oh < p.outHeight; oh++) for (let ow = 0; ow < p.outWidth; ow++) {
    fn(((n * p.outHeight + oh) * p.outWidth + ow) * p.channels, windowCells(p, n, oh, ow));
  }
}

function referenceMaxPool(x: number[], p: Pool2DInfo): { out: number[]; dx: (dy: number[]) => number[] } {
  const out = new Array<number>(p.batch * p.outHeight * p.outWidth * p.channels);
  const argmax = new Array<number>(out.length);
  forEachWindow(p, (o, cells) => {
    for (let c = 0; c < p.channels; c++) {
      let best = cells[0] + c;
      for (const cell of cells) if (x[cell + c] > x[best]) best = cell + c;
      argmax[o + c] = best;
      out[o + c] = x[best];
    }
  });
  return {
    out,
    dx: (dy) => {
      const dx = new Array<number>(x.length).fill(0);
      argmax.forEach((at, i) => { dx[at] += dy[i]; });
      return dx;
    },
  };
}

function referenceAvgPool(x: number[], p: Pool2DInfo): number[] {
  const out = new Array<number>(p.batch * p.outHeight * p.outWidth * p.channels);
  forEachWindow(p, (o, cells) => {
    for (let c = 0; c < p.channels; c++) out[o + c] = cells.reduce((s, cell) => s + x[cell + c], 0) / cells.length;
  });
  return out;
}

function referenceAvgPoolBackprop(dy: number[], p: Pool2DInfo): number[] {
  const dx = new Array<number>(p.batch * p.inHeight * p.inWidth * p.channels).fill(0);
  forEachWindow(p, (o, cells) => {
    for (const cell of cells) for (let c = 0; c < p.channels; c++) dx[cell + c] += dy[o + c] / cells.length;
  });
  return dx;
}

const xShape = (p: Pool2DInfo) => [p.batch, p.inHeight, p.inWidth, p.channels];
const yShape = (p: Pool2DInfo) => [p.batch, p.outHeight, p.outWidth, p.channels];
const ySize = (p: Pool2DInfo) => p.batch * p.outHeight * p.outWidth * p.channels;

/** Distinct values at least 0.01 apart in random order, so small perturbations never change a maximum. */
function distinct(n: number, seed: number): number[] {
  const next = rng(seed);
  const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.01);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return Array.from(Float32Array.from(v));
}

describe('pooling against direct loops', () => {
  GEOMETRIES.forEach((g, k) => {
    const p = poolInfo(g);
    it(describePool(p), () => {
      // Coarse values make ties frequent, exercising the first-maximum rule.
      const x = uniform(p.batch * p.inHeight * p.inWidth * p.channels, 40 + k, 0, 4).map(Math.floor);
      const dy = uniform(ySize(p), 60 + k);
      const max = referenceMaxPool(x, p);
      expect(values(backend, backend.maxPool(tensor(backend, x, xShape(p)), p), 'float32', ySize(p))).toEqual(max.out);
      const dxMax = backend.maxPoolBackprop(tensor(backend, dy, yShape(p)), tensor(backend, x, xShape(p)), p);
      expectClose(values(backend, dxMax, 'float32', x.length), max.dx(dy), 1e-6, 1e-7);

      expectClose(values(backend, backend.avgPool(tensor(backend, x, xShape(p)), p), 'float32', ySize(p)), referenceAvgPool(x, p), 1e-6, 1e-7);
      const dxAvg = backend.avgPoolBackprop(tensor(backend, dy, yShape(p)), p);
      expectClose(values(backend, dxAvg, 'float32', x.length), referenceAvgPoolBackprop(dy, p), 1e-6, 1e-7);
    });
  });
});

describe('pooling gradients by finite differences', () => {
  for (const k of [1, 2, 4, 7]) {
    const p = poolInfo(GEOMETRIES[k]);
    it(describePool(p), () => {
      const n = p.batch * p.inHeight * p.inWidth * p.channels;
      const x = distinct(n, 90 + k);
      const dy = uniform(ySize(p), 91 + k);
      const at = someCoordinates(n, 16);
      const maxPool = (v: number[]) => values(backend, backend.maxPool(tensor(backend, v, xShape(p)), p), 'float32', ySize(p));
      const avgPool = (v: number[]) => values(backend, backend.avgPool(tensor(backend, v, xShape(p)), p), 'float32', ySize(p));
      const dxMax = values(backend, backend.maxPoolBackprop(tensor(backend, dy, yShape(p)), tensor(backend, x, xShape(p)), p), 'float32', n);
      const dxAvg = values(backend, backend.avgPoolBackprop(tensor(backend, dy, yShape(p)), p), 'float32', n);
      expectClose(at.map((i) => dxMax[i]), finiteDifferences(maxPool, x, dy, at, 1e-3), 1e-2, 1e-3);
      expectClose(at.map((i) => dxAvg[i]), finiteDifferences(avgPool, x, dy, at, 1e-3), 1e-2, 1e-3);
    });
  }
});

describe('pooling semantics', () => {
  const p = poolInfo({ batch: 1, height: 2, width: 2, channels: 1, window: [3, 3], strides: [1, 1], padding: 'same' });

  it('maxPool: padded cells never win, even over negative values', () => {
    const x = [-5, -3, -4, -6];
    expect(values(backend, backend.maxPool(tensor(backend, x, [1, 2, 2, 1]), p), 'float32', 4)).toEqual([-3, -3, -3, -3]);
  });

  it('avgPool divides by the number of unpadded cells', () => {
    const x = [1, 2, 3, 4];
    expect(values(backend, backend.avgPool(tensor(backend, x, [1, 2, 2, 1]), p), 'float32', 4)).toEqual([2.5, 2.5, 2.5, 2.5]);
    const wide = poolInfo({ batch: 1, height: 3, width: 3, channels: 1, window: [2, 2], strides: [1, 1], padding: 'same' });
    const out = values(backend, backend.avgPool(tensor(backend, [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), wide), 'float32', 9);
    expect(out).toEqual([3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9]);
  });

  it('maxPoolBackprop routes to the first maximum in row-major order and adds overlapping windows', () => {
    const x = [7, 7, 7, 7];
    const dy = [1, 10, 100, 1000];
    const dx = backend.maxPoolBackprop(tensor(backend, dy, [1, 2, 2, 1]), tensor(backend, x, [1, 2, 2, 1]), p);
    expect(values(backend, dx, 'float32', 4)).toEqual([1111, 0, 0, 0]);
  });

  it('max pooling propagates NaN and routes its gradient to the first NaN', () => {
    const x = [1, NaN, 9, NaN];
    const out = values(backend, backend.maxPool(tensor(backend, x, [1, 2, 2, 1]), p), 'float32', 4);
    expect(out.every(Number.isNaN)).toBe(true);
    const dx = backend.maxPoolBackprop(tensor(backend, [1, 1, 1, 1], [1, 2, 2, 1]), tensor(backend, x, [1, 2, 2, 1]), p);
    expect(values(backend, dx, 'float32', 4)).toEqual([0, 4, 0, 0]);
  });

  it('handles an empty batch', () => {
    const empty = poolInfo({ batch: 0, height: 4, width: 4, channels: 2, window: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(values(backend, backend.maxPool(tensor(backend, [], xShape(empty)), empty), 'float32', 0)).toEqual([]);
    expect(values(backend, backend.avgPoolBackprop(tensor(backend, [], yShape(empty)), empty), 'float32', 0)).toEqual([]);
  });
});
