import type { Conv2DInfo } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { conv2d } from '../src/kernels/conv2d.js';
import { conv2dBackpropFilter } from '../src/kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from '../src/kernels/conv2d-backprop-input.js';
import {
  convInfo, describeConv, finiteDifferences, referenceConv2d, referenceConv2dBackpropFilter,
  referenceConv2dBackpropInput, someCoordinates, type ConvGeometry,
} from './conv-reference.js';
import { expectClose, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

const GEOMETRIES: ConvGeometry[] = [
  { batch: 1, height: 5, width: 5, inChannels: 1, outChannels: 1, kernel: [3, 3], padding: 'same' },
  { batch: 2, height: 7, width: 6, inChannels: 3, outChannels: 4, kernel: [3, 3], strides: [2, 2], padding: 'same' },
  { batch: 1, height: 9, width: 9, inChannels: 2, outChannels: 3, kernel: [5, 5], strides: [3, 3], padding: 'valid' },
  { batch: 2, height: 8, width: 7, inChannels: 4, outChannels: 5, kernel: [3, 2], strides: [2, 1], padding: 'same' },
  { batch: 1, height: 9, width: 8, inChannels: 3, outChannels: 2, kernel: [3, 3], dilations: [2, 2], padding: 'same' },
  { batch: 2, height: 6, width: 6, inChannels: 8, outChannels: 6, kernel: [1, 1], padding: 'valid' },
  { batch: 1, height: 7, width: 7, inChannels: 5, outChannels: 3, kernel: [1, 1], strides: [2, 2], padding: 'valid' },
  { batch: 3, height: 6, width: 5, inChannels: 2, outChannels: 3, kernel: [3, 3], padding: [2, 0, 1, 3] },
  { batch: 1, height: 10, width: 10, inChannels: 3, outChannels: 8, kernel: [5, 5], strides: [2, 2], padding: 'same' },
  { batch: 2, height: 5, width: 7, inChannels: 1, outChannels: 2, kernel: [2, 2], strides: [2, 2], padding: 'same' },
  { batch: 1, height: 8, width: 8, inChannels: 6, outChannels: 7, kernel: [3, 3], strides: [1, 2], dilations: [2, 1], padding: [1, 1, 2, 0] },
  { batch: 1, height: 4, width: 4, inChannels: 3, outChannels: 2, kernel: [4, 4], padding: 'valid' },
  { batch: 1, height: 11, width: 11, inChannels: 2, outChannels: 3, kernel: [3, 3], strides: [2, 2], dilations: [2, 2], padding: 'same' },
];

function inputs(c: Conv2DInfo, seed: number) {
  const x = uniform(c.batch * c.inHeight * c.inWidth * c.inChannels, seed);
  const w = uniform(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels, seed + 1);
  const dy = uniform(c.batch * c.outHeight * c.outWidth * c.outChannels, seed + 2);
  return { x, w, dy };
}

const xShape = (c: Conv2DInfo) => [c.batch, c.inHeight, c.inWidth, c.inChannels];
const wShape = (c: Conv2DInfo) => [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
const yShape = (c: Conv2DInfo) => [c.batch, c.outHeight, c.outWidth, c.outChannels];

function forward(c: Conv2DInfo, x: number[], w: number[]): number[] {
  return values(backend, backend.conv2d(tensor(backend, x, xShape(c)), tensor(backend, w, wShape(c)), c), 'float32', c.batch * c.outHeight * c.outWidth * c.outChannels);
}

describe('conv2d against direct loops', () => {
  GEOMETRIES.forEach((g, k) => {
    const c = convInfo(g);
    it(describeConv(c), () => {
      const { x, w, dy } = inputs(c, 300 + 10 * k);
      expectClose(forward(c, x, w), referenceConv2d(x, w, c), 1e-5, 1e-5);

      const dx = backend.conv2dBackpropInput(tensor(backend, dy, yShape(c)), tensor(backend, w, wShape(c)), c);
      expectClose(values(backend, dx, 'float32', x.length), referenceConv2dBackpropInput(dy, w, c), 1e-5, 1e-5);

      const dw = backend.conv2dBackpropFilter(tensor(backend, x, xShape(c)), tensor(backend, dy, yShape(c)), c);
      expectClose(values(backend, dw, 'float32', w.length), referenceConv2dBackpropFilter(x, dy, c), 1e-5, 1e-5);
    });
  });
});

describe('conv2d im2col chunking', () => {
  it('gives the same results when the im2col matrix is built a few rows at a time', () => {
    for (const g of [GEOMETRIES[1], GEOMETRIES[7], GEOMETRIES[10]]) {
      const c = convInfo(g);
      const { x, w, dy } = inputs(c, 900);
      const [X, W, DY] = [x, w, dy].map((v) => Float32Array.from(v));
      const depth = c.filterHeight * c.filterWidth * c.inChannels;
      // A budget of 3 rows (and of less than one row) forces ragged chunks.
      for (const budget of [3 * depth, 1]) {
        expectClose(conv2d(X, W, c, budget), conv2d(X, W, c), 1e-6, 1e-6);
        expectClose(conv2dBackpropInput(DY, W, c, budget), conv2dBackpropInput(DY, W, c), 1e-6, 1e-6);
        expectClose(conv2dBackpropFilter(X, DY, c, budget), referenceConv2dBackpropFilter(x, dy, c), 1e-5, 1e-5);
      }
    }
  });
});

describe('conv2d gradients by finite differences', () => {
  for (const k of [1, 3, 7, 10]) {
    const c = convInfo(GEOMETRIES[k]);
    it(describeConv(c), () => {
      const { x, w, dy } = inputs(c, 500 + k);
      const dx = values(backend, backend.conv2dBackpropInput(tensor(backend, dy, yShape(c)), tensor(backend, w, wShape(c)), c), 'float32', x.length);
      const dw = values(backend, backend.conv2dBackpropFilter(tensor(backend, x, xShape(c)), tensor(backend, dy, yShape(c)), c), 'float32', w.length);
      // The loss is linear in x and in w, so central differences are exact up to float32 rounding.
      const xAt = someCoordinates(x.length, 12);
      expectClose(xAt.map((i) => dx[i]), finiteDifferences((v) => forward(c, v, w), x, dy, xAt, 0.25), 2e-3, 2e-3);
      const wAt = someCoordinates(w.length, 12);
      expectClose(wAt.map((i) => dw[i]), finiteDifferences((v) => forward(c, x, v), w, dy, wAt, 0.25), 2e-3, 2e-3);
    });
  }
});

describe('conv2d edge cases', () => {
  it('an empty batch gives empty outputs and a zero filter gradient', () => {
    const c = convInfo({ batch: 0, height: 4, width: 4, inChannels: 2, outChannels: 3, kernel: [3, 3], padding: 'same' });
    const { w } = inputs(c, 1);
    expect(forward(c, [], w)).toEqual([]);
    expect(values(backend, backend.conv2dBackpropInput(tensor(backend, [], yShape(c)), tensor(backend, w, wShape(c)), c), 'float32', 0)).toEqual([]);
    const dw = backend.conv2dBackpropFilter(tensor(backend, [], xShape(c)), tensor(backend, [], yShape(c)), c);
    expect(values(backend, dw, 'float32', w.length)).toEqual(new Array(w.length).fill(0));
  });

  it('zero output channels give an empty output', () => {
    const c = convInfo({ batch: 1, height: 3, width: 3, inChannels: 2, outChannels: 0, kernel: [3, 3], padding: 'same' });
    expect(forward(c, uniform(18, 1), [])).toEqual([]);
  });
});

describe('fusedConv2d', () => {
  it('adds the bias per output channel, then applies the activation', () => {
    const c = convInfo(GEOMETRIES[3]);
    const { x, w } = inputs(c, 70);
    const bias = uniform(c.outChannels, 71);
    const plain = referenceConv2d(x, w, c);
    for (const [activation, fn] of [['relu', (v: number) => Math.max(v, 0)], ['relu6', (v: number) => Math.min(Math.max(v, 0), 6)], ['linear', (v: number) => v]] as const) {
      const out = backend.fusedConv2d(tensor(backend, x, xShape(c)), tensor(backend, w, wShape(c)), c, { bias: tensor(backend, bias, [c.outChannels]), activation });
      expectClose(values(backend, out, 'float32', plain.length), plain.map((v, i) => fn(v + bias[i % c.outChannels])), 1e-5, 1e-5);
    }
    const tanh = backend.fusedConv2d(tensor(backend, x, xShape(c)), tensor(backend, w, wShape(c)), c, { activation: 'tanh' });
    expectClose(values(backend, tanh, 'float32', plain.length), plain.map(Math.tanh), 1e-5, 1e-5);
  });
});
