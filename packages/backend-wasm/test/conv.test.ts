import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { convGeometry } from '../src/kernels/geometry.js';
import { winogradTile } from '../src/kernels/winograd.js';
import { backend, convInfo, expectClose, randomArray, readBuf, tensor, type ConvSpec } from './helpers.js';
import {
  conv2dBackpropFilterRef, conv2dBackpropInputRef, conv2dRef, depthwiseBackpropFilterRef, depthwiseBackpropInputRef, depthwiseRef,
} from './reference.js';

let be: WasmBackend;
beforeAll(async () => { be = await backend(); });
afterAll(() => be.dispose());

const CONVS: ConvSpec[] = [
  { x: [1, 5, 5, 1], k: [3, 3], outC: 1, pad: 'valid' },
  { x: [2, 7, 8, 3], k: [3, 3], outC: 4, pad: 'same' },
  { x: [2, 9, 9, 5], k: [3, 3], outC: 6, stride: [2, 2], pad: 'same' },
  { x: [2, 8, 8, 4], k: [2, 2], outC: 3, stride: [2, 2], pad: 'same' },
  { x: [1, 8, 10, 4], k: [5, 5], outC: 5, dilation: [2, 2], pad: 'same' },
  { x: [3, 6, 7, 2], k: [3, 2], outC: 3, stride: [1, 2], pad: [1, 0, 2, 1] },
  { x: [1, 11, 11, 8], k: [4, 4], outC: 7, stride: [3, 3], pad: 'valid' },
  { x: [2, 5, 5, 16], k: [1, 1], outC: 33 },
  { x: [1, 6, 6, 7], k: [3, 3], outC: 2, pad: [3, 3, 3, 3] },
  { x: [4, 12, 12, 1], k: [3, 3], outC: 8, pad: 'same' },
  { x: [2, 14, 14, 32], k: [3, 3], outC: 64, pad: 'same' },
  { x: [1, 9, 9, 6], k: [3, 3], outC: 10, stride: [2, 3], dilation: [1, 1], pad: [0, 2, 1, 0] },
  // 8192 output pixels: the filter gradient takes the split-K path.
  { x: [8, 32, 32, 4], k: [3, 3], outC: 5, pad: 'same' },
  // Single-channel input (vector-load packing): valid, padded, strided, dilated, rows shorter
  // than four pixels, and enough pixels for a split-K filter gradient.
  { x: [6, 28, 28, 1], k: [3, 3], outC: 32, pad: 'valid' },
  { x: [2, 9, 11, 1], k: [5, 3], outC: 6, pad: 'same' },
  { x: [2, 10, 10, 1], k: [3, 3], outC: 4, stride: [2, 1], pad: 'same' },
  { x: [1, 12, 13, 1], k: [3, 3], outC: 3, dilation: [2, 2], pad: 'valid' },
  { x: [3, 4, 5, 1], k: [2, 3], outC: 9, pad: [1, 0, 0, 2] },
  { x: [16, 28, 28, 1], k: [3, 3], outC: 8, pad: 'same' },
  // Single-channel filter gradient read in place: two pixel chunks (the second partial) and
  // 48 output channels (one 8-vector group, then one 4-vector group); 16 channels.
  { x: [3, 20, 22, 1], k: [3, 3], outC: 48, pad: 'same' },
  { x: [2, 23, 25, 1], k: [5, 5], outC: 16, stride: [2, 2], dilation: [1, 1], pad: [2, 1, 0, 3] },
  // Winograd F(4x4, 3x3) (forward and stride-1 input gradient): outputs of every size mod 4,
  // 'same', 'valid' and uneven explicit padding, partial tile blocks, channel counts of 8, 12
  // and 20 (a partial packed panel).
  { x: [4, 14, 14, 32], k: [3, 3], outC: 64, pad: 'same' },
  { x: [8, 13, 13, 32], k: [3, 3], outC: 64, pad: 'valid' },
  { x: [24, 9, 10, 16], k: [3, 3], outC: 32, pad: [1, 0, 2, 1] },
  { x: [3, 17, 15, 8], k: [3, 3], outC: 12, pad: 'same' },
  { x: [5, 7, 7, 12], k: [3, 3], outC: 8, pad: [2, 2, 2, 2] },
  { x: [4, 18, 19, 12], k: [3, 3], outC: 20, pad: [0, 2, 1, 1] },
  // Winograd F(2x2, 3x3): outputs too small for 4x4 tiles to pay (6x6, 5x5).
  { x: [64, 6, 6, 16], k: [3, 3], outC: 16, pad: 'same' },
  { x: [48, 7, 7, 20], k: [3, 3], outC: 12, pad: 'valid' },
];

/** Root mean square of `v`: the scale of a convolution's values. */
const rms = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0) / Math.max(v.length, 1));

const label = (s: ConvSpec) => `x [${s.x}] k ${s.k} out ${s.outC} stride ${s.stride ?? 1} dil ${s.dilation ?? 1} pad ${s.pad ?? 'valid'}`;

describe('conv2d and its gradients', () => {
  for (const spec of CONVS) {
    it(label(spec), () => {
      const c = convInfo(spec);
      const xv = randomArray(c.batch * c.inHeight * c.inWidth * c.inChannels, 1);
      const wv = randomArray(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels, 2);
      const dyv = randomArray(c.batch * c.outHeight * c.outWidth * c.outChannels, 3);
      const x = tensor(be, xv, spec.x), w = tensor(be, wv, [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels]);
      const dy = tensor(be, dyv, [c.batch, c.outHeight, c.outWidth, c.outChannels]);
      const k = c.filterHeight * c.filterWidth * Math.max(c.inChannels, c.outChannels);
      // Winograd F(4x4, 3x3)'s transform constants (up to 8) cost up to about 5e-5 of the values'
      // scale in float32 (forward, input and filter gradients); a wrong tile, tap or edge is off
      // by the scale itself.
      const winograd = spec.k[0] === 3 && spec.k[1] === 3 && (spec.stride ?? [1, 1]).every((s) => s === 1)
        && (spec.dilation ?? [1, 1]).every((d) => d === 1);
      const tolOf = (want: ArrayLike<number>) => Math.max(2e-6 * Math.sqrt(k), winograd ? 1e-4 * rms(want) : 0);
      const y = conv2dRef(xv, wv, c), dxRef = conv2dBackpropInputRef(dyv, wv, c);
      const tol = tolOf(y);
      expectClose(readBuf(be, be.conv2d(x, w, c), dyv.length), y, 1e-5, tol);
      expectClose(readBuf(be, be.conv2dBackpropInput(dy, w, c), xv.length), dxRef, 1e-5, tolOf(dxRef));
      const pixels = c.batch * c.outHeight * c.outWidth;
      const dwRef = conv2dBackpropFilterRef(xv, dyv, c);
      expectClose(readBuf(be, be.conv2dBackpropFilter(x, dy, c), wv.length), dwRef, 1e-5,
        Math.max(2e-6 * Math.sqrt(pixels), winograd ? 1e-4 * rms(dwRef) : 0));
      const biasv = randomArray(c.outChannels, 4);
      const bias = tensor(be, biasv, [c.outChannels]);
      const fused = be.fusedConv2d(x, w, c, { bias, activation: 'relu' });
      const ref = conv2dRef(xv, wv, c).map((v, i) => Math.max(0, v + biasv[i % c.outChannels]));
      expectClose(readBuf(be, fused, ref.length), ref, 1e-5, tol);
    });
  }
});

describe('Winograd tile choice', () => {
  // The F(2x2, 3x3) cases above rely on it: 4x4 tiles only where they are less work.
  it('takes 4x4 tiles from 7x7 outputs on, 2x2 tiles for 6x6 and smaller or two-row outputs', () => {
    const tile = (x: ConvSpec['x'], pad: ConvSpec['pad']) => winogradTile(convGeometry(convInfo({ x, k: [3, 3], outC: 8, pad })));
    expect(tile([1, 6, 6, 8], 'same')).toBe(2);
    expect(tile([1, 7, 7, 8], 'valid')).toBe(2);
    expect(tile([1, 7, 7, 8], 'same')).toBe(4);
    expect(tile([1, 28, 28, 8], 'same')).toBe(4);
    expect(tile([1, 2, 30, 8], 'same')).toBe(2);
  });
});

const DEPTHWISE: ConvSpec[] = [
  { x: [1, 5, 5, 4], k: [3, 3], outC: 0, multiplier: 1, pad: 'same' },
  { x: [2, 7, 6, 3], k: [3, 3], outC: 0, multiplier: 2, pad: 'valid' },
  { x: [2, 9, 9, 8], k: [3, 3], outC: 0, multiplier: 1, stride: [2, 2], pad: 'same' },
  { x: [1, 10, 8, 5], k: [5, 3], outC: 0, multiplier: 3, dilation: [2, 1], pad: 'same' },
  { x: [1, 6, 7, 70], k: [2, 2], outC: 0, multiplier: 1, stride: [1, 2], pad: [1, 0, 0, 1] },
  { x: [4, 16, 16, 32], k: [3, 3], outC: 0, multiplier: 1, pad: 'same' },
];

describe('depthwise conv2d and its gradients', () => {
  for (const spec of DEPTHWISE) {
    it(`${label(spec)} multiplier ${spec.multiplier}`, () => {
      const c = convInfo(spec);
      const xv = randomArray(c.batch * c.inHeight * c.inWidth * c.inChannels, 5);
      const wv = randomArray(c.filterHeight * c.filterWidth * c.outChannels, 6);
      const dyv = randomArray(c.batch * c.outHeight * c.outWidth * c.outChannels, 7);
      const x = tensor(be, xv, spec.x), w = tensor(be, wv, [c.filterHeight, c.filterWidth, c.inChannels, c.channelMultiplier]);
      const dy = tensor(be, dyv, [c.batch, c.outHeight, c.outWidth, c.outChannels]);
      expectClose(readBuf(be, be.depthwiseConv2d(x, w, c), dyv.length), depthwiseRef(xv, wv, c), 1e-5, 1e-5);
      expectClose(readBuf(be, be.depthwiseConv2dBackpropInput(dy, w, c), xv.length), depthwiseBackpropInputRef(dyv, wv, c), 1e-5, 1e-5);
      const pixels = c.batch * c.outHeight * c.outWidth;
      expectClose(readBuf(be, be.depthwiseConv2dBackpropFilter(x, dy, c), wv.length), depthwiseBackpropFilterRef(xv, dyv, c), 1e-5, 2e-6 * Math.sqrt(pixels));
    });
  }
});
