import type { Conv2DInfo } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import {
  convInfo, depthwiseAsFullFilter, depthwiseFromFullFilter, describeConv, finiteDifferences, referenceConv2d,
  referenceConv2dBackpropFilter, referenceConv2dBackpropInput, someCoordinates, type ConvGeometry,
} from './conv-reference.js';
import { expectClose, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

// The reference treats a depthwise filter as a full convolution whose [C, C*M] filter slices
// are block diagonal, and reuses the direct conv2d loops.
const GEOMETRIES: ConvGeometry[] = [
  { batch: 1, height: 5, width: 5, inChannels: 1, multiplier: 1, kernel: [3, 3], padding: 'same' },
  { batch: 2, height: 7, width: 6, inChannels: 3, multiplier: 2, kernel: [3, 3], strides: [2, 2], padding: 'same' },
  { batch: 1, height: 9, width: 9, inChannels: 4, multiplier: 1, kernel: [5, 5], strides: [3, 3], padding: 'valid' },
  { batch: 2, height: 8, width: 7, inChannels: 2, multiplier: 3, kernel: [3, 2], strides: [2, 1], padding: 'same' },
  { batch: 1, height: 9, width: 8, inChannels: 5, multiplier: 1, kernel: [3, 3], dilations: [2, 2], padding: 'same' },
  { batch: 3, height: 6, width: 5, inChannels: 8, multiplier: 1, kernel: [3, 3], padding: [2, 0, 1, 3] },
  { batch: 1, height: 6, width: 6, inChannels: 3, multiplier: 2, kernel: [1, 1], padding: 'valid' },
  { batch: 2, height: 5, width: 7, inChannels: 2, multiplier: 4, kernel: [2, 2], strides: [2, 2], padding: 'same' },
];

function setup(c: Conv2DInfo, seed: number) {
  const mult = c.channelMultiplier;
  const x = uniform(c.batch * c.inHeight * c.inWidth * c.inChannels, seed);
  const w = uniform(c.filterHeight * c.filterWidth * c.inChannels * mult, seed + 1);
  const dy = uniform(c.batch * c.outHeight * c.outWidth * c.outChannels, seed + 2);
  const shapes = {
    x: [c.batch, c.inHeight, c.inWidth, c.inChannels],
    w: [c.filterHeight, c.filterWidth, c.inChannels, mult],
    y: [c.batch, c.outHeight, c.outWidth, c.outChannels],
  };
  return { x, w, dy, shapes };
}

function forward(c: Conv2DInfo, x: number[], w: number[], shapes: { x: number[]; w: number[] }): number[] {
  return values(backend, backend.depthwiseConv2d(tensor(backend, x, shapes.x), tensor(backend, w, shapes.w), c), 'float32', c.batch * c.outHeight * c.outWidth * c.outChannels);
}

describe('depthwiseConv2d against the block-diagonal full convolution', () => {
  GEOMETRIES.forEach((g, k) => {
    const c = convInfo(g);
    it(`${describeConv(c)} multiplier ${c.channelMultiplier}`, () => {
      const { x, w, dy, shapes } = setup(c, 700 + 10 * k);
      const full = depthwiseAsFullFilter(w, c);
      expectClose(forward(c, x, w, shapes), referenceConv2d(x, full, c), 1e-5, 1e-5);

      const dx = backend.depthwiseConv2dBackpropInput(tensor(backend, dy, shapes.y), tensor(backend, w, shapes.w), c);
      expectClose(values(backend, dx, 'float32', x.length), referenceConv2dBackpropInput(dy, full, c), 1e-5, 1e-5);

      const dw = backend.depthwiseConv2dBackpropFilter(tensor(backend, x, shapes.x), tensor(backend, dy, shapes.y), c);
      expectClose(values(backend, dw, 'float32', w.length), depthwiseFromFullFilter(referenceConv2dBackpropFilter(x, dy, c), c), 1e-5, 1e-5);
    });
  });
});

describe('depthwiseConv2d gradients by finite differences', () => {
  for (const k of [1, 3, 5]) {
    const c = convInfo(GEOMETRIES[k]);
    it(describeConv(c), () => {
      const { x, w, dy, shapes } = setup(c, 800 + k);
      const dx = values(backend, backend.depthwiseConv2dBackpropInput(tensor(backend, dy, shapes.y), tensor(backend, w, shapes.w), c), 'float32', x.length);
      const dw = values(backend, backend.depthwiseConv2dBackpropFilter(tensor(backend, x, shapes.x), tensor(backend, dy, shapes.y), c), 'float32', w.length);
      const xAt = someCoordinates(x.length, 12);
      expectClose(xAt.map((i) => dx[i]), finiteDifferences((v) => forward(c, v, w, shapes), x, dy, xAt, 0.25), 2e-3, 2e-3);
      const wAt = someCoordinates(w.length, 12);
      expectClose(wAt.map((i) => dw[i]), finiteDifferences((v) => forward(c, x, v, shapes), w, dy, wAt, 0.25), 2e-3, 2e-3);
    });
  }
});

describe('depthwiseConv2d edge cases', () => {
  it('an empty batch gives empty outputs and a zero filter gradient', () => {
    const c = convInfo({ batch: 0, height: 4, width: 4, inChannels: 2, multiplier: 2, kernel: [3, 3], padding: 'same' });
    const { w, shapes } = setup(c, 1);
    expect(forward(c, [], w, shapes)).toEqual([]);
    const dw = backend.depthwiseConv2dBackpropFilter(tensor(backend, [], shapes.x), tensor(backend, [], shapes.y), c);
    expect(values(backend, dw, 'float32', w.length)).toEqual(new Array(w.length).fill(0));
    expect(values(backend, backend.depthwiseConv2dBackpropInput(tensor(backend, [], shapes.y), tensor(backend, w, shapes.w), c), 'float32', 0)).toEqual([]);
  });
});
