import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import {
  activation, add, avgPool2d, concatenate, dropout, flatten, globalAveragePooling2d, globalMaxPooling2d, input, maxPool2d,
  reshape, runLayerTest, zeroPadding2d, ACTIVATION_NAMES, getActivation,
} from '../src/index.js';
import { maxAbsDiff, useJsBackend, values } from './helpers.js';

useJsBackend();

describe('pooling layers', () => {
  it('pass runLayerTest', async () => {
    await runLayerTest({ className: 'MaxPool2D', config: {}, inputShape: [2, 4, 6, 3], expectedOutputShape: [2, 2, 3, 3] });
    await runLayerTest({ className: 'MaxPool2D', config: { poolSize: 3, strides: 2, padding: 'same' }, inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2] });
    await runLayerTest({ className: 'AvgPool2D', config: { poolSize: [2, 3] }, inputShape: [2, 4, 6, 1], expectedOutputShape: [2, 2, 2, 1] });
    await runLayerTest({ className: 'AvgPool2D', config: { poolSize: 3, strides: 1, padding: 'same' }, inputShape: [1, 4, 4, 2], expectedOutputShape: [1, 4, 4, 2] });
    await runLayerTest({ className: 'GlobalAveragePooling2D', config: {}, inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 4] });
    await runLayerTest({ className: 'GlobalMaxPooling2D', config: { keepDims: true }, inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 1, 1, 4] });
  });

  it('match the core ops', async () => {
    const x = T.normal([2, 5, 5, 3], { seed: 3 });
    expect(await maxAbsDiff(maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x), T.maxPool2d(x, { poolSize: 3, strides: 2, padding: 'same' }))).toBe(0);
    expect(await maxAbsDiff(avgPool2d({ poolSize: 2, strides: 1 }).apply(x), T.avgPool2d(x, { poolSize: 2, strides: 1 }))).toBe(0);
    expect(await maxAbsDiff(globalAveragePooling2d().apply(x), T.mean(x, [1, 2]))).toBeLessThan(1e-6);
    expect(await maxAbsDiff(globalMaxPooling2d().apply(x), T.max(x, [1, 2]))).toBe(0);
  });

  it('rejects non-image inputs', () => {
    expect(() => maxPool2d().apply(T.ones([2, 4]))).toThrow(/input must be NHWC .*got shape \[null,4\]/);
  });
});

describe('Dropout', () => {
  it('passes runLayerTest', async () => {
    await runLayerTest({ className: 'Dropout', config: { rate: 0.3, seed: 4 }, inputShape: [4, 5], expectedOutputShape: [4, 5] });
  });

  it('is the identity in inference and inverted dropout in training', async () => {
    const x = T.ones([200, 50]);
    const layer = dropout({ rate: 0.4, seed: 11 });
    expect(await values(layer.apply(x))).toEqual(await values(x));
    const y = await values(layer.apply(x, { training: true }));
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.6) < 1e-6)).toBe(true);
    const dropped = 1 - kept.length / y.length;
    // 10000 Bernoulli(0.4) draws: standard error 0.005.
    expect(Math.abs(dropped - 0.4)).toBeLessThan(0.025);
  });

  it('is reproducible with a seed, and shares masks along noiseShape axes of size 1', async () => {
    const x = T.ones([4, 6]);
    const a = await values(dropout({ rate: 0.5, seed: 3 }).apply(x, { training: true }));
    const b = await values(dropout({ rate: 0.5, seed: 3 }).apply(x, { training: true }));
    expect(a).toEqual(b);
    const shared = await (dropout({ rate: 0.5, seed: 9, noiseShape: [null, 1] }).apply(x, { training: true }).array()) as number[][];
    for (const row of shared) expect(new Set(row).size).toBe(1);
    const fromCall = await values(dropout({ rate: 0.5 }).apply(x, { training: true, generator: new T.Generator(3) }));
    const again = await values(dropout({ rate: 0.5 }).apply(x, { training: true, generator: new T.Generator(3) }));
    expect(fromCall).toEqual(again);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => dropout({ rate: 1 })).toThrow(/rate must be a number in \[0, 1\)/);
  });
});

describe('Flatten, Reshape, ZeroPadding2D', () => {
  it('pass runLayerTest', async () => {
    await runLayerTest({ className: 'Flatten', config: {}, inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 60] });
    await runLayerTest({ className: 'Reshape', config: { targetShape: [3, -1] }, inputShape: [2, 12], expectedOutputShape: [2, 3, 4] });
    await runLayerTest({ className: 'ZeroPadding2D', config: { padding: [[0, 1], [2, 1]] }, inputShape: [1, 3, 3, 2], expectedOutputShape: [1, 4, 6, 2] });
    await runLayerTest({ className: 'ZeroPadding2D', config: { padding: 2 }, inputShape: [1, 2, 2, 1], expectedOutputShape: [1, 6, 6, 1] });
  });

  it('flatten keeps NHWC row-major order; zeroPadding2d pads with zeros', async () => {
    const x = T.arange(0, 8).reshape([1, 2, 2, 2]);
    expect(await values(flatten().apply(x))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const p = await (zeroPadding2d({ padding: [[1, 0], [0, 0]] }).apply(T.ones([1, 1, 1, 1])).array());
    expect(p).toEqual([[[[0]], [[1]]]]);
  });

  it('reshape rejects incompatible sizes, naming the shapes', () => {
    expect(() => reshape({ targetShape: [5] }).apply(T.ones([2, 6]))).toThrow(/cannot reshape input \[null,6\] \(6 values per sample\) to \[5\]/);
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1/);
  });
});

describe('activations', () => {
  it('every activation passes runLayerTest as a layer', async () => {
    for (const name of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'selu', 'softplus', 'gelu', 'softmax']) {
      await runLayerTest({ className: 'Activation', config: { activation: name }, inputShape: [3, 4], expectedOutputShape: [3, 4] });
    }
  });

  it('each name applies the core op, also as a Dense/Conv option', async () => {
    const x = T.normal([3, 5], { seed: 8 });
    const ops: Record<string, (t: T.Tensor) => T.Tensor> = {
      sigmoid: T.sigmoid, tanh: T.tanh, relu: T.relu, leakyRelu: (t) => T.leakyRelu(t, 0.2), elu: (t) => T.elu(t, 1),
      selu: T.selu, softplus: T.softplus, gelu: (t) => T.gelu(t), softmax: (t) => T.softmax(t, -1), linear: (t) => t,
    };
    for (const [name, f] of Object.entries(ops)) {
      expect(ACTIVATION_NAMES).toContain(name);
      expect(await maxAbsDiff(activation({ activation: name as never }).apply(x), f(x))).toBeLessThan(1e-6);
    }
    expect(await maxAbsDiff(getActivation({ name: 'leakyRelu', alpha: 0.1 }).apply(x), T.leakyRelu(x, 0.1))).toBeLessThan(1e-6);
    expect(await maxAbsDiff(getActivation('leaky_relu' as never).apply(x), T.leakyRelu(x, 0.2))).toBeLessThan(1e-6);
  });

  it('rejects unknown names and parameters', () => {
    expect(() => activation({ activation: 'tanhh' as never })).toThrow(/unknown activation "tanhh"; expected one of linear, relu/);
    expect(() => getActivation({ name: 'relu', alpha: 1 })).toThrow(/activation relu has no parameter "alpha"/);
  });
});

describe('Add and Concatenate', () => {
  it('pass runLayerTest', async () => {
    await runLayerTest({ className: 'Add', config: {}, inputShape: [[2, 3, 3, 2], [2, 3, 3, 2]], expectedOutputShape: [2, 3, 3, 2] });
    await runLayerTest({ className: 'Add', config: {}, inputShape: [[2, 4], [2, 4], [2, 4]], expectedOutputShape: [2, 4] });
    await runLayerTest({ className: 'Concatenate', config: {}, inputShape: [[2, 3, 3, 2], [2, 3, 3, 5]], expectedOutputShape: [2, 3, 3, 7] });
    await runLayerTest({ className: 'Concatenate', config: { axis: 1 }, inputShape: [[2, 3], [2, 4]], expectedOutputShape: [2, 7] });
  });

  it('compute sums and joins', async () => {
    const a = T.tensor([[1, 2]]), b = T.tensor([[10, 20]]);
    expect(await values(add().apply([a, b]))).toEqual([11, 22]);
    expect(await values(concatenate().apply([a, b]))).toEqual([1, 2, 10, 20]);
  });

  it('reject mismatched shapes symbolically and eagerly, naming them', () => {
    expect(() => add().apply([input({ shape: [3] }), input({ shape: [4] })])).toThrow(/inputs must have the same shape, got \[null,3\] and \[null,4\]/);
    expect(() => concatenate().apply([input({ shape: [2, 3] }), input({ shape: [3, 3] })])).toThrow(/must match on every axis but -1/);
    expect(() => add().apply([T.ones([2, 3]), T.ones([2, 4])])).toThrow(/add_\d+ \(Add\)/);
    expect(() => add().apply([T.ones([2, 3])])).toThrow(/needs at least 2 inputs/);
  });
});
