import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { TesseraError } from '@tessera/tensor';
import {
  Functional, Sequential, activation, add, batchNormalization, concatenate, conv2d, dense, dropout, flatten, input,
  model, modelFromConfig, parameterCounts, sequential,
} from '../src/index.js';
import { maxAbsDiff, useJsBackend } from './helpers.js';

useJsBackend();

describe('sequential', () => {
  it('builds from the first layer inputShape and summarizes shapes and counts without allocating', () => {
    const before = T.memory().numTensors;
    const net = sequential([
      conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], name: 'c1' }),
      batchNormalization({ name: 'bn' }),
      flatten({ name: 'f' }),
      dense({ units: 10, name: 'out' }),
    ]);
    const text = net.summary();
    expect(text).toContain('c1 (Conv2D)');
    expect(text).toMatch(/c1 \(Conv2D\)\s+\[null,6,6,4\]\s+40/);
    expect(text).toMatch(/bn \(BatchNormalization\)\s+\[null,6,6,4\]\s+16/);
    expect(text).toMatch(/out \(Dense\)\s+\[null,10\]\s+1,450/);
    expect(text).toContain('Total params: 1,506');
    expect(text).toContain('Trainable params: 1,498');
    expect(text).toContain('Non-trainable params: 8');
    expect(parameterCounts(net)).toEqual({ total: 1506, trainable: 1498, nonTrainable: 8 });
    expect(T.memory().numTensors).toBe(before);
    const lines: string[] = [];
    net.summary({ print: (l) => lines.push(l) });
    expect(lines.join('\n')).toBe(text);
  });

  it('names weights uniquely (<layer>/<weight>) and builds lazily without inputShape', async () => {
    const net = sequential([dense({ units: 3 }), dense({ units: 2 })]);
    expect(net.built).toBe(false);
    const y = net.apply(T.ones([5, 4]));
    expect(y.shape).toEqual([5, 2]);
    const names = net.weights.map((w) => w.name);
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    for (const n of names) expect(n).toMatch(/^dense_\d+\/(kernel|bias)$/);
    expect(net.inputShapes).toEqual([[null, 4]]);
  });

  it('refuses two layers with the same name', () => {
    expect(() => sequential([dense({ units: 2, name: 'same', inputShape: [3] }), dense({ units: 2, name: 'same' })]))
      .toThrow(/two layers are named "same"/);
  });

  it('errors on wrong input shapes, naming the model or layer and the shapes', () => {
    const net = sequential([dense({ units: 2, inputShape: [3] })]);
    expect(() => net.apply(T.ones([4, 5]))).toThrow(TesseraError);
    expect(() => net.apply(T.ones([4, 5]))).toThrow(/sequential_\d+ \(Sequential\): input axis 1 must be 3.*\[4,5\]/);
    expect(() => net.predict(T.ones([4, 3, 1]))).toThrow(/must have rank 2.*\[4,3,1\]/);
  });

  it('cannot be used after dispose', () => {
    const net = sequential([dense({ units: 2, inputShape: [3], name: 'gone' })]);
    net.predict(T.ones([1, 3]));
    const before = T.memory().numTensors;
    net.dispose();
    expect(T.memory().numTensors).toBe(before - 2);
    expect(() => net.predict(T.ones([1, 3]))).toThrow(/^gone\/kernel: this weight has been disposed/);
  });

  it('round-trips through its config', async () => {
    const net = sequential([dense({ units: 4, activation: 'relu', inputShape: [3] }), dropout({ rate: 0.2 }), dense({ units: 1 })]);
    const again = modelFromConfig(JSON.parse(JSON.stringify({ className: 'Sequential', config: net.getConfig() }))) as Sequential;
    expect(again).toBeInstanceOf(Sequential);
    expect(again.getConfig()).toEqual(net.getConfig());
    again.setWeights(net.getWeights());
    const x = T.normal([6, 3], { seed: 2 });
    expect(await maxAbsDiff(net.predict(x) as T.Tensor, again.predict(x) as T.Tensor)).toBe(0);
  });
});

describe('functional API', () => {
  function residual(): { net: Functional; names: string[] } {
    const x = input({ shape: [6, 6, 4], name: 'img' });
    const h = conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_a' }).apply(x);
    const h2 = conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv_b' }).apply(h);
    const y = activation({ activation: 'relu', name: 'act' }).apply(add({ name: 'skip' }).apply([x, h2]));
    return { net: model({ inputs: x, outputs: y, name: 'res_block' }), names: ['img', 'conv_a', 'conv_b', 'skip', 'act'] };
  }

  it('builds a residual block with a skip connection', async () => {
    const { net, names } = residual();
    expect(net.layers.map((l) => l.name)).toEqual(names);
    const text = net.summary();
    expect(text).toMatch(/skip \(Add\)\s+\[null,6,6,4\]\s+0\s+img\[0\]\[0\], conv_b\[0\]\[0\]/);
    const x = T.normal([2, 6, 6, 4], { seed: 1 });
    const y = net.predict(x) as T.Tensor;
    const a = net.getLayer('conv_a').apply(x) as T.Tensor;
    const b = net.getLayer('conv_b').apply(a) as T.Tensor;
    expect(await maxAbsDiff(y, T.relu(T.add(x, b)))).toBeLessThan(1e-5);
  });

  it('supports several inputs and outputs, shared layers, and trains them', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = dense({ units: 4, activation: 'tanh', name: 'shared' });
    const ha = shared.apply(a), hb = shared.apply(b);
    const joined = concatenate({ name: 'join' }).apply([ha, hb]);
    const reg = dense({ units: 1, name: 'reg' }).apply(joined);
    const cls = dense({ units: 2, activation: 'softmax', name: 'cls' }).apply(add({ name: 'sum' }).apply([ha, hb]));
    const net = model({ inputs: [a, b], outputs: [reg, cls] });
    expect(net.weights.filter((w) => w.name.startsWith('shared/'))).toHaveLength(2);
    expect(net.summary()).toMatch(/shared \(Dense\)\s+\[null,4\]\s+16\s+a\[0\]\[0\], b\[0\]\[0\]/);
    expect(net.getConfig().nodes).toContainEqual({ layer: 'shared', inputs: [['b', 0, 0]], asList: false });
    const xa = T.normal([16, 3], { seed: 1 }), xb = T.normal([16, 3], { seed: 2 });
    const yReg = T.sum(xa, 1, true);
    const yCls = T.tensor(Array.from({ length: 16 }, (_, i) => i % 2), [16], 'int32');
    net.compile({ optimizer: { name: 'adam', learningRate: 0.05 }, loss: ['mse', 'sparseCategoricalCrossentropy'], metrics: ['accuracy'], lossWeights: [1, 0.5] });
    const h = await net.fit([xa, xb], [yReg, yCls], { epochs: 5, batchSize: 8, seed: 1 });
    expect(Object.keys(h.history).sort()).toEqual(['cls_accuracy', 'cls_loss', 'loss', 'reg_accuracy', 'reg_loss'].sort());
    const total = h.history.loss[0], parts = h.history.reg_loss[0] + 0.5 * h.history.cls_loss[0];
    expect(Math.abs(total - parts)).toBeLessThan(1e-4);
    expect(h.history.loss[4]).toBeLessThan(h.history.loss[0]);
    const out = net.predict([xa, xb]) as T.Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[16, 1], [16, 2]]);

    const again = modelFromConfig(JSON.parse(JSON.stringify({ className: 'Functional', config: net.getConfig() }))) as Functional;
    expect(again.getConfig()).toEqual(net.getConfig());
    again.setWeights(net.getWeights());
    const out2 = again.predict([xa, xb]) as T.Tensor[];
    expect(await maxAbsDiff(out[0], out2[0])).toBe(0);
    expect(await maxAbsDiff(out[1], out2[1])).toBe(0);
  });

  it('nests models as layers and reports the graph as disconnected when an input is missing', async () => {
    const { net: block } = residual();
    const x = input({ shape: [6, 6, 4] });
    const y = dense({ units: 2 }).apply(flatten().apply(block.apply(x)));
    const outer = model({ inputs: x, outputs: y });
    expect(outer.layers.map((l) => l.className)).toEqual(['InputLayer', 'Functional', 'Flatten', 'Dense']);
    expect(parameterCounts(outer).total).toBe(parameterCounts(block).total + 6 * 6 * 4 * 2 + 2);
    expect((outer.predict(T.ones([1, 6, 6, 4])) as T.Tensor).shape).toEqual([1, 2]);
    const again = modelFromConfig(JSON.parse(JSON.stringify({ className: 'Functional', config: outer.getConfig() })));
    expect(parameterCounts(again)).toEqual(parameterCounts(outer));

    const other = input({ shape: [2] });
    const z = add().apply([dense({ units: 2 }).apply(other), dense({ units: 2 }).apply(input({ shape: [2], name: 'forgotten' }))]);
    expect(() => model({ inputs: other, outputs: z })).toThrow(/graph disconnected.*"forgotten"/);
  });

  it('rejects concrete tensors as graph inputs and mixed calls', () => {
    expect(() => model({ inputs: T.ones([1, 2]) as never, outputs: input({ shape: [2] }) })).toThrow(/must be a symbolic tensor/);
    expect(() => add().apply([input({ shape: [2] }), T.ones([1, 2])] as never)).toThrow(/cannot mix symbolic tensors and concrete tensors/);
  });

  it('frees intermediate activations during predict', () => {
    const { net } = residual();
    const x = T.ones([1, 6, 6, 4]);
    net.predict(x);
    const before = T.memory().numTensors;
    const y = net.predict(x) as T.Tensor;
    expect(T.memory().numTensors).toBe(before + 1);
    y.dispose();
  });
});
