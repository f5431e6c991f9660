import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { TesseraError } from '@tessera/tensor';
import { conv2d, conv2dTranspose, dense, depthwiseConv2d, runLayerTest, separableConv2d } from '../src/index.js';
import { maxAbsDiff, useJsBackend } from './helpers.js';

useJsBackend();

describe('Dense', () => {
  it('passes runLayerTest (with and without bias, fused and unfused activations, rank 3)', async () => {
    await runLayerTest({ className: 'Dense', config: { units: 3 }, inputShape: [4, 5], expectedOutputShape: [4, 3], expectedTrainableWeights: 2 });
    await runLayerTest({ className: 'Dense', config: { units: 2, useBias: false, activation: 'tanh' }, inputShape: [3, 4], expectedOutputShape: [3, 2], expectedTrainableWeights: 1 });
    await runLayerTest({ className: 'Dense', config: { units: 6, activation: 'gelu', kernelRegularizer: 'l2' }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 6] });
  });

  it('computes activation(x @ kernel + bias)', async () => {
    const layer = dense({ units: 2, activation: 'relu', biasInitializer: { name: 'constant', value: 0.5 } });
    const x = T.tensor([[1, -2, 3], [0.5, 0, -1]]);
    const y = layer.apply(x);
    const want = T.relu(T.add(T.matmul(x, layer.kernel!.value), 0.5));
    expect(await maxAbsDiff(y, want)).toBeLessThan(1e-6);
  });

  it('rejects an input of the wrong size once built, naming the layer and the shape', () => {
    const layer = dense({ units: 2, name: 'head' });
    layer.apply(T.ones([1, 3]));
    expect(() => layer.apply(T.ones([1, 4]))).toThrow(TesseraError);
    expect(() => layer.apply(T.ones([1, 4]))).toThrow(/^head \(Dense\): input axis -1 must be 3.*\[1,4\]/);
  });

  it('rejects bad options', () => {
    expect(() => dense({ units: 0 })).toThrow(/units must be a positive integer/);
    expect(() => dense({ units: 2, activation: 'swishy' as never })).toThrow(/unknown activation "swishy"/);
    expect(() => dense({ units: 2, kernelInitializer: 'glorot' as never })).toThrow(/unknown initializer "glorot"/);
    expect(() => dense({ units: 2, activaton: 'relu' } as never)).toThrow(/unknown option "activaton"/);
  });
});

describe('Conv2D', () => {
  it('passes runLayerTest across strides, padding, dilation and bias', async () => {
    await runLayerTest({ className: 'Conv2D', config: { filters: 3, kernelSize: 3 }, inputShape: [2, 6, 6, 2], expectedOutputShape: [2, 4, 4, 3] });
    await runLayerTest({ className: 'Conv2D', config: { filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }, inputShape: [1, 7, 6, 1], expectedOutputShape: [1, 4, 3, 2] });
    await runLayerTest({ className: 'Conv2D', config: { filters: 2, kernelSize: [3, 2], dilationRate: 2, useBias: false }, inputShape: [2, 8, 8, 3], expectedOutputShape: [2, 4, 6, 2], expectedTrainableWeights: 1 });
    await runLayerTest({ className: 'Conv2D', config: { filters: 2, kernelSize: 3, strides: 2, padding: 1 }, inputShape: [1, 8, 8, 2], expectedOutputShape: [1, 4, 4, 2] });
  });

  it('matches the core conv2d plus bias', async () => {
    const layer = conv2d({ filters: 4, kernelSize: 3, padding: 'same', strides: 2, biasInitializer: { name: 'constant', value: 0.25 } });
    const x = T.normal([2, 5, 5, 3], { seed: 2 });
    const y = layer.apply(x);
    const want = T.add(T.conv2d(x, layer.kernel!.value, { strides: 2, padding: 'same' }), 0.25);
    expect(y.shape).toEqual([2, 3, 3, 4]);
    expect(await maxAbsDiff(y, want)).toBeLessThan(1e-5);
  });

  it('rejects wrong channels and windows larger than the input', () => {
    const layer = conv2d({ filters: 2, kernelSize: 3, name: 'c' });
    layer.apply(T.ones([1, 5, 5, 3]));
    expect(() => layer.apply(T.ones([1, 5, 5, 4]))).toThrow(/^c \(Conv2D\): input axis -1 must be 3.*\[1,5,5,4\]/);
    expect(() => conv2d({ filters: 1, kernelSize: 5 }).apply(T.ones([1, 3, 3, 1]))).toThrow(/window 5 is larger than the padded input/);
    expect(() => conv2d({ filters: 1, kernelSize: 3 }).apply(T.ones([3, 3]))).toThrow(/NHWC/);
    expect(() => conv2d({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/dilationRate/);
  });
});

describe('DepthwiseConv2D, SeparableConv2D, Conv2DTranspose', () => {
  it('pass runLayerTest', async () => {
    await runLayerTest({ className: 'DepthwiseConv2D', config: { kernelSize: 3, padding: 'same' }, inputShape: [2, 5, 5, 3], expectedOutputShape: [2, 5, 5, 3] });
    await runLayerTest({ className: 'DepthwiseConv2D', config: { kernelSize: 3, depthMultiplier: 2, strides: 2, useBias: false }, inputShape: [1, 7, 7, 2], expectedOutputShape: [1, 3, 3, 4], expectedTrainableWeights: 1 });
    await runLayerTest({ className: 'SeparableConv2D', config: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, inputShape: [2, 6, 6, 3], expectedOutputShape: [2, 6, 6, 4], expectedTrainableWeights: 3 });
    await runLayerTest({ className: 'Conv2DTranspose', config: { filters: 3, kernelSize: 2, strides: 2, padding: 'same' }, inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 6, 8, 3] });
    await runLayerTest({ className: 'Conv2DTranspose', config: { filters: 2, kernelSize: 3, strides: 2 }, inputShape: [1, 3, 3, 1], expectedOutputShape: [1, 7, 7, 2] });
  });

  it('match the core ops', async () => {
    const x = T.normal([1, 6, 6, 2], { seed: 4 });
    const dw = depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, useBias: false });
    const yd = dw.apply(x);
    expect(yd.shape).toEqual([1, 4, 4, 4]);
    expect(await maxAbsDiff(yd, T.depthwiseConv2d(x, dw.depthwiseKernel!.value))).toBeLessThan(1e-5);
    const sep = separableConv2d({ filters: 3, kernelSize: 3, padding: 'same', useBias: false });
    const ys = sep.apply(x);
    expect(await maxAbsDiff(ys, T.separableConv2d(x, sep.depthwiseKernel!.value, sep.pointwiseKernel!.value, { padding: 'same' }))).toBeLessThan(1e-5);
    const tr = conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', useBias: false });
    const yt = tr.apply(x);
    expect(yt.shape).toEqual([1, 12, 12, 3]);
    expect(await maxAbsDiff(yt, T.conv2dTranspose(x, tr.kernel!.value, [1, 12, 12, 3], { strides: 2, padding: 'same' }))).toBeLessThan(1e-5);
  });

  it('add the bias, then the activation, after the core op', async () => {
    const x = T.normal([1, 5, 5, 2], { seed: 5 });
    const bias = { name: 'constant', value: 0.3 } as const;
    const dw = depthwiseConv2d({ kernelSize: 3, activation: 'sigmoid', biasInitializer: bias });
    expect(await maxAbsDiff(dw.apply(x), T.sigmoid(T.add(T.depthwiseConv2d(x, dw.depthwiseKernel!.value), 0.3)))).toBeLessThan(1e-5);
    const sep = separableConv2d({ filters: 3, kernelSize: 3, activation: 'tanh', biasInitializer: bias });
    expect(await maxAbsDiff(sep.apply(x), T.tanh(T.add(T.separableConv2d(x, sep.depthwiseKernel!.value, sep.pointwiseKernel!.value), 0.3)))).toBeLessThan(1e-5);
    const tr = conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2, activation: 'relu', biasInitializer: bias });
    expect(await maxAbsDiff(tr.apply(x), T.relu(T.add(T.conv2dTranspose(x, tr.kernel!.value, [1, 10, 10, 2], { strides: 2 }), 0.3)))).toBeLessThan(1e-5);
  });

  it('reject unknown initializers and regularizers when constructed, naming the option', () => {
    expect(() => depthwiseConv2d({ kernelSize: 3, depthwiseInitializer: 'he' as never })).toThrow(/^depthwise_conv2d_\d+ \(DepthwiseConv2D\) depthwiseInitializer: unknown initializer "he"/);
    expect(() => separableConv2d({ filters: 2, kernelSize: 3, pointwiseRegularizer: 'l3' as never })).toThrow(/^separable_conv2d_\d+ \(SeparableConv2D\) pointwiseRegularizer: unknown regularizer "l3"/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, biasRegularizer: 'l3' as never })).toThrow(/unknown regularizer "l3"/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, dilationRate: 2 } as never)).toThrow(/unknown option "dilationRate"/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, padding: 1 } as never)).toThrow(/padding must be 'same' or 'valid', got 1/);
  });
});
