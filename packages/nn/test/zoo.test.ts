import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import {
  lenet5, mlp, smallCnn, mobilenetV1, parameterCounts, resnet18, unetSmall, vgg16, vggSmall, zooModel, type Model,
} from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

/** MobileNet v1 parameters counted by hand from the paper's table (Keras layout, 1x1 conv classifier with bias). */
function mobilenetCount(alpha: number, classes: number): { trainable: number; total: number } {
  const w = (f: number) => Math.floor(f * alpha);
  const blocks: [number, number][] = [[32, 64], [64, 128], [128, 128], [128, 256], [256, 256], [256, 512],
    [512, 512], [512, 512], [512, 512], [512, 512], [512, 512], [512, 1024], [1024, 1024]];
  let trainable = 3 * 3 * 3 * w(32) + 2 * w(32);
  let moving = 2 * w(32);
  for (const [cin, cout] of blocks) {
    trainable += 9 * w(cin) + 2 * w(cin) + w(cin) * w(cout) + 2 * w(cout);
    moving += 2 * w(cin) + 2 * w(cout);
  }
  trainable += w(1024) * classes + classes;
  return { trainable, total: trainable + moving };
}

async function trainOneStep(net: Model, x: T.Tensor, y: T.Tensor, loss: string): Promise<void> {
  net.compile({ optimizer: { name: 'sgd', learningRate: 0.01 }, loss });
  net.allocateWeights();
  const before = await Promise.all(net.trainableWeights.map((w) => w.value.data()));
  const h = await net.fit(x, y, { epochs: 1, batchSize: x.shape[0], seed: 1 });
  expect(Number.isFinite(h.history.loss[0])).toBe(true);
  const after = await Promise.all(net.trainableWeights.map((w) => w.value.data()));
  const moved = after.filter((a, i) => a.some((v, k) => v !== before[i][k])).length;
  expect(moved).toBe(after.length);
  net.dispose();
}

describe('model zoo: parameter counts from the real layers, nothing allocated', () => {
  it('LeNet-5 has the classic 61,706 parameters at 32x32 and at 28x28', () => {
    const before = T.memory().numTensors;
    expect(parameterCounts(lenet5())).toEqual({ total: 61706, trainable: 61706, nonTrainable: 0 });
    expect(parameterCounts(lenet5({ inputShape: [28, 28, 1] })).total).toBe(61706);
    expect(lenet5().outputShapes).toEqual([[null, 10]]);
    expect(T.memory().numTensors).toBe(before);
  });

  it('VGG16 has 138,357,544 parameters with the 1000-class top', () => {
    const before = T.memory().numTensors;
    const net = vgg16();
    expect(parameterCounts(net)).toEqual({ total: 138357544, trainable: 138357544, nonTrainable: 0 });
    expect(net.layers.filter((l) => l.className === 'Conv2D')).toHaveLength(13);
    expect(parameterCounts(vgg16({ includeTop: false })).total).toBe(14714688);
    expect(T.memory().numTensors).toBe(before);
  });

  it('ResNet-18 has 11,689,512 trainable parameters in the torchvision layout', () => {
    const net = resnet18();
    const counts = parameterCounts(net);
    expect(counts.trainable).toBe(11689512);
    // Moving mean and variance of every batch norm: 2 * (64 + 4*64 + 4*128 + 4*256 + 4*512 + 128 + 256 + 512).
    expect(counts.nonTrainable).toBe(9600);
    expect(net.outputShapes).toEqual([[null, 1000]]);
    expect(net.layerOutputShape(net.getLayer('resnet18_maxpool'))).toEqual([null, 56, 56, 64]);
    expect(net.layerOutputShape(net.getLayer('resnet18_layer4_1_relu2'))).toEqual([null, 7, 7, 512]);
  });

  it('MobileNet v1 has 4,231,976 trainable / 4,253,864 total parameters, with width and resolution multipliers', () => {
    expect(parameterCounts(mobilenetV1())).toEqual({ total: 4253864, trainable: 4231976, nonTrainable: 21888 });
    expect(mobilenetCount(1, 1000)).toEqual({ total: 4253864, trainable: 4231976 });
    for (const alpha of [0.75, 0.5, 0.25]) {
      const { trainable, total } = mobilenetCount(alpha, 1000);
      expect(parameterCounts(mobilenetV1({ alpha }))).toEqual({ total, trainable, nonTrainable: total - trainable });
    }
    const small = mobilenetV1({ resolutionMultiplier: 160 / 224 });
    expect(small.inputShapes).toEqual([[null, 160, 160, 3]]);
    expect(small.layerOutputShape(small.getLayer('mobilenet_v1_conv_pw_13_relu'))).toEqual([null, 5, 5, 1024]);
    expect(parameterCounts(small).total).toBe(4253864);
  });

  it('the small U-Net maps images to per-pixel scores', () => {
    const net = unetSmall({ inputShape: [16, 16, 1], numClasses: 3, filters: 4 });
    expect(net.outputShapes).toEqual([[null, 16, 16, 3]]);
    expect(() => unetSmall({ inputShape: [18, 18, 1] })).toThrow(/multiples of 2\^depth = 4/);
  });

  it('the benchmark CNN and MLP have 225,034 and 235,146 parameters at 28x28', () => {
    expect(parameterCounts(smallCnn()).total).toBe(225034);
    expect(smallCnn().outputShapes).toEqual([[null, 10]]);
    expect(parameterCounts(mlp()).total).toBe(235146);
    expect(parameterCounts(zooModel('small-cnn', { numClasses: 3 })).total).toBe(225034 - 7 * 129);
    expect(parameterCounts(mlp({ hidden: [16] })).total).toBe(784 * 16 + 16 + 16 * 10 + 10);
  });

  it('zooModel finds models by name', () => {
    expect(parameterCounts(zooModel('LeNet-5')).total).toBe(61706);
    expect(() => zooModel('alexnet')).toThrow(/unknown model "alexnet" \(known: lenet5, smallCnn, mlp, vggSmall/);
  });
});

describe('model zoo: one training step of each small variant', () => {
  const labels = (n: number, classes: number) => T.tensor(Array.from({ length: n }, (_, i) => i % classes), [n], 'int32');

  it('the benchmark CNN and MLP', async () => {
    await trainOneStep(smallCnn(), T.normal([4, 28, 28, 1], { seed: 6 }), labels(4, 10), 'sparseCategoricalCrossentropy');
    await trainOneStep(mlp({ hidden: [32] }), T.normal([4, 28, 28, 1], { seed: 7 }), labels(4, 10), 'sparseCategoricalCrossentropy');
  });

  it('LeNet-5 on 28x28', async () => {
    await trainOneStep(lenet5({ inputShape: [28, 28, 1], activation: 'relu' }), T.normal([4, 28, 28, 1], { seed: 1 }), labels(4, 10), 'sparseCategoricalCrossentropy');
  });

  it('small VGG', async () => {
    await trainOneStep(vggSmall({ inputShape: [16, 16, 3], blocks: [8, 16], dense: [16] }), T.normal([4, 16, 16, 3], { seed: 2 }), labels(4, 10), 'sparseCategoricalCrossentropy');
  });

  it('ResNet-18 with 8 base filters on 32x32', async () => {
    await trainOneStep(resnet18({ inputShape: [32, 32, 3], numClasses: 10, baseFilters: 8, name: 'tiny_resnet' }), T.normal([2, 32, 32, 3], { seed: 3 }), labels(2, 10), 'sparseCategoricalCrossentropy');
  });

  it('MobileNet v1 at alpha 0.25 on 32x32', async () => {
    await trainOneStep(mobilenetV1({ alpha: 0.25, inputShape: [32, 32, 3], numClasses: 10, name: 'tiny_mobilenet' }), T.normal([2, 32, 32, 3], { seed: 4 }), labels(2, 10), 'sparseCategoricalCrossentropy');
  });

  it('small U-Net on a binary mask', async () => {
    const x = T.normal([2, 16, 16, 1], { seed: 5 });
    const mask = T.cast(T.greater(x, 0), 'float32');
    await trainOneStep(unetSmall({ inputShape: [16, 16, 1], filters: 4, name: 'tiny_unet' }), x, mask, 'binaryCrossentropy');
  });
});
