import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { TesseraError } from '@tessera/tensor';
import { getOptimizer } from '@tessera/optim';
import {
  dense, dropout, earlyStopping, epochLogger, learningRateScheduler, loadModel, modelCheckpoint, progress, saveModel,
  sequential, type ProgressEvent,
} from '../src/index.js';
import { batches, blobs } from './data-helpers.js';
import { maxAbsDiff, useJsBackend, values } from './helpers.js';

useJsBackend();

function mlp(seed = 1) {
  T.setSeed(seed);
  return sequential([dense({ units: 8, activation: 'relu', inputShape: [2] }), dropout({ rate: 0.1 }), dense({ units: 2, activation: 'softmax' })]);
}

describe('fit, evaluate, predict', () => {
  it('learns a separable problem and reports loss and accuracy', async () => {
    const { x, labels } = blobs(200, 1);
    const net = mlp();
    net.compile({ optimizer: { name: 'adam', learningRate: 0.05 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await net.fit(x, labels, { epochs: 8, batchSize: 32, seed: 3 });
    expect(h.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(h.history.loss[7]).toBeLessThan(h.history.loss[0]);
    const result = await net.evaluate(x, labels, { batchSize: 64 });
    expect(Object.keys(result)).toEqual(['loss', 'accuracy']);
    expect(result.accuracy).toBeGreaterThan(0.9);
    const probs = net.predict(x, { batchSize: 64 }) as T.Tensor;
    expect(probs.shape).toEqual([200, 2]);
    const acc = await T.mean(T.cast(T.equal(T.argmax(probs, 1), labels), 'float32')).item();
    expect(Math.abs(acc - result.accuracy)).toBeLessThan(1e-6);
    expect(JSON.parse(JSON.stringify(h.toJSON())).history.accuracy).toHaveLength(8);
  });

  it('keeps the live-tensor count identical after every epoch (tensors, validation, dataset)', async () => {
    const { x, labels, oneHot } = blobs(96, 2);
    const net = mlp();
    net.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const counts: number[] = [];
    const track = { onEpochEnd: () => { counts.push(T.memory().numTensors); } };
    await net.fit(x, oneHot, { epochs: 4, batchSize: 10, validationSplit: 0.25, callbacks: [track], seed: 1 });
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);

    const handed: T.Tensor[] = [];
    const counts2: number[] = [];
    net.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await net.fit(batches(x, labels, 16, handed), {
      epochs: 3, validationData: batches(x, labels, 32, handed), callbacks: [{ onEpochEnd: () => { counts2.push(T.memory().numTensors); } }],
    });
    expect(new Set(counts2).size).toBe(1);
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.every((t) => t.isDisposed)).toBe(true);
  });

  it('validates with validationSplit (the last samples) and validationData', async () => {
    const { x, labels } = blobs(40, 3);
    const net = mlp();
    net.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const seen: number[] = [];
    const h = await net.fit(x, labels, { epochs: 1, batchSize: 8, validationSplit: 0.25, callbacks: [{ onBatchEnd: (_b, logs) => { seen.push(logs.size); } }] });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    const heldX = T.slice(x, [30, 0], [10, 2]), heldY = T.slice(labels, [30], [10]);
    const direct = await net.evaluate(heldX, heldY);
    const h2 = await net.fit(x, labels, { epochs: 1, batchSize: 8, validationData: [heldX, heldY], shuffle: false });
    const after = await net.evaluate(heldX, heldY);
    expect(h2.history.val_loss[0]).toBeCloseTo(after.loss, 5);
    expect(direct.loss).not.toBe(after.loss);
  });

  it('is reproducible with a seed and resumes exactly from a checkpoint', async () => {
    const { x, labels } = blobs(64, 4);
    const run = async (epochs: number, initialEpoch = 0, from?: Uint8Array) => {
      const net = from ? await loadModel(from) : mlp(7);
      if (!from) net.compile({ optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'sparseCategoricalCrossentropy' });
      const saved: Uint8Array[] = [];
      await net.fit(x, labels, {
        epochs, initialEpoch, batchSize: 16, seed: 42,
        callbacks: [modelCheckpoint({ save: async (m) => { saved.push(await saveModel(m)); } })],
      });
      return { net, saved };
    };
    const full = await run(4);
    const again = await run(4);
    expect(await maxAbsDiff(full.net.predict(x) as T.Tensor, again.net.predict(x) as T.Tensor)).toBe(0);
    const resumed = await run(4, 2, full.saved[1]);
    const a = full.net.getWeights(), b = resumed.net.getWeights();
    for (let i = 0; i < a.length; i++) expect(await values(b[i])).toEqual(await values(a[i]));
    expect(resumed.net.optimizer.iterations).toBe(full.net.optimizer.iterations);
  });

  it('adds regularization penalties to the loss', async () => {
    const x = T.tensor([[1, 2], [3, 4]]), y = T.tensor([[1], [0]]);
    T.setSeed(3);
    const net = sequential([dense({ units: 1, inputShape: [2], kernelRegularizer: { name: 'l2', l2: 0.1 }, biasRegularizer: { name: 'l1', l1: 0.5 }, biasInitializer: { name: 'constant', value: -2 } })]);
    net.compile({ optimizer: { name: 'sgd', learningRate: 0 }, loss: 'mse' });
    const layer = net.layers[0] as ReturnType<typeof dense>;
    const w = await values(layer.kernel!.value);
    const pred = await values(net.predict(x) as T.Tensor);
    const dataLoss = ((pred[0] - 1) ** 2 + pred[1] ** 2) / 2;
    const penalty = 0.1 * (w[0] ** 2 + w[1] ** 2) + 0.5 * 2;
    const result = await net.evaluate(x, y);
    expect(result.loss).toBeCloseTo(dataLoss + penalty, 5);
    const h = await net.fit(x, y, { epochs: 1, batchSize: 2 });
    expect(h.history.loss[0]).toBeCloseTo(dataLoss + penalty, 5);
    // With a zero data loss only the penalties move weights: L1 moves the bias by lr * 0.5 towards 0.
    net.compile({ optimizer: { name: 'sgd', learningRate: 0.1 }, loss: () => T.scalar(0) });
    await net.fit(x, y, { epochs: 1, batchSize: 2 });
    expect((await values(layer.bias!.value))[0]).toBeCloseTo(-2 + 0.1 * 0.5, 5);
  });
});

describe('callbacks', () => {
  it('early stopping stops when the monitor stops improving and restores the best weights', async () => {
    const { x, labels } = blobs(64, 5);
    const net = mlp(2);
    net.compile({ optimizer: getOptimizer({ name: 'sgd', learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
    const snapshots: number[][] = [];
    const stopper = earlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: true });
    // Epochs 0-1 learn; from epoch 2 a huge learning rate makes the loss blow up.
    const blowUp = learningRateScheduler((epoch, lr) => (epoch >= 2 ? 50 : lr));
    const h = await net.fit(x, labels, {
      epochs: 20, batchSize: 64, shuffle: false,
      callbacks: [blowUp, stopper, { onEpochEnd: async () => { snapshots.push(await values(net.layers[0].weights[0].value)); } }],
    });
    expect(h.epoch.length).toBeLessThan(20);
    expect(stopper.stoppedEpoch).toBe(h.epoch[h.epoch.length - 1]);
    const best = h.history.loss.indexOf(Math.min(...h.history.loss));
    expect(stopper.bestEpoch).toBe(best);
    expect(best).toBeLessThan(h.epoch.length - 1);
    expect(await values(net.layers[0].weights[0].value)).toEqual(snapshots[best]);
    expect(h.history.learning_rate.slice(0, 3)).toEqual([0.1, 0.1, 50]);
  });

  it('early stopping counts patience as Keras does, with minDelta, mode and baseline', () => {
    const stopAt = (series: number[], options: Parameters<typeof earlyStopping>[0]) => {
      const fake = { stopTraining: false } as unknown as Parameters<ReturnType<typeof earlyStopping>['setModel']>[0];
      const cb = earlyStopping(options);
      cb.setModel(fake);
      cb.onTrainBegin();
      for (let e = 0; e < series.length; e++) {
        cb.onEpochEnd(e, { loss: series[e], accuracy: series[e] });
        if (fake.stopTraining) return { stopped: e, best: cb.bestEpoch };
      }
      return { stopped: -1, best: cb.bestEpoch };
    };
    const losses = [1, 0.8, 0.9, 0.85, 0.7, 0.95, 0.96, 0.97];
    expect(stopAt(losses, { monitor: 'loss', patience: 0 })).toEqual({ stopped: 2, best: 1 });
    expect(stopAt(losses, { monitor: 'loss', patience: 1 })).toEqual({ stopped: 2, best: 1 });
    expect(stopAt(losses, { monitor: 'loss', patience: 2 })).toEqual({ stopped: 3, best: 1 });
    expect(stopAt(losses, { monitor: 'loss', patience: 3 })).toEqual({ stopped: 7, best: 4 });
    expect(stopAt([1, 0.99, 0.98, 0.97], { monitor: 'loss', patience: 2, minDelta: 0.05 })).toEqual({ stopped: 2, best: 0 });
    expect(stopAt([0.5, 0.6, 0.55, 0.7], { monitor: 'accuracy', patience: 1 })).toEqual({ stopped: 2, best: 1 });
    expect(stopAt([0.5, 0.4, 0.3, 0.2], { monitor: 'loss', patience: 3, baseline: 0.1 })).toEqual({ stopped: 2, best: 2 });
  });

  it('early stopping names a monitor that is not logged', async () => {
    const { x, labels } = blobs(16, 6);
    const net = mlp();
    net.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await expect(net.fit(x, labels, { epochs: 2, callbacks: [earlyStopping()] })).rejects.toThrow(/monitor "val_loss" is not in the logs \(available: loss\)/);
  });

  it('model checkpoint saves every epoch or only the best, and its bytes load', async () => {
    const { x, labels } = blobs(32, 7);
    const net = mlp();
    net.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const every = modelCheckpoint({ save: () => undefined });
    const savedBest: { epoch: number; bytes: Uint8Array }[] = [];
    const best = modelCheckpoint({ monitor: 'loss', saveBestOnly: true, save: async (m, info) => { savedBest.push({ epoch: info.epoch, bytes: await saveModel(m) }); } });
    const h = await net.fit(x, labels, { epochs: 4, batchSize: 8, callbacks: [every, best] });
    expect(every.savedEpochs).toEqual([0, 1, 2, 3]);
    let running = Infinity;
    const improving = h.history.loss.map((l, e) => (l < running ? (running = l, e) : -1)).filter((e) => e >= 0);
    expect(best.savedEpochs).toEqual(improving);
    const restored = await loadModel(savedBest[savedBest.length - 1].bytes);
    expect((restored.predict(x) as T.Tensor).shape).toEqual([32, 2]);
  });

  it('progress events give steps per epoch and running logs; epochLogger prints one line per epoch', async () => {
    const { x, labels } = blobs(50, 8);
    const net = mlp();
    net.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const events: { kind: string; e: ProgressEvent | number | null }[] = [];
    const lines: string[] = [];
    await net.fit(x, labels, {
      epochs: 2, batchSize: 16,
      callbacks: [
        progress({
          onStart: (p) => events.push({ kind: 'start', e: p.steps }),
          onEpochStart: (e) => events.push({ kind: 'epoch', e }),
          onStep: (e) => events.push({ kind: 'step', e }),
          onEpochEnd: (e) => events.push({ kind: 'end', e }),
        }),
        epochLogger((l) => lines.push(l)),
      ],
    });
    expect(events[0]).toEqual({ kind: 'start', e: 4 });
    const steps = events.filter((e) => e.kind === 'step').map((e) => (e.e as ProgressEvent));
    expect(steps.map((s) => `${s.epoch}:${s.step}/${s.steps}`)).toEqual(['0:1/4', '0:2/4', '0:3/4', '0:4/4', '1:1/4', '1:2/4', '1:3/4', '1:4/4']);
    expect(Object.keys(steps[0].logs)).toEqual(expect.arrayContaining(['loss', 'accuracy']));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Epoch 1\/2 - \d+\.\ds - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/);
  });
});

describe('bad input', () => {
  it('names the problem: not compiled, unknown loss, sample counts, y shapes, labels', async () => {
    const { x, labels, oneHot } = blobs(10, 9);
    const net = mlp();
    await expect(net.fit(x, labels)).rejects.toThrow(/not compiled: call model.compile/);
    expect(() => net.compile({ optimizer: 'adam', loss: 'crossentropy' })).toThrow(/unknown loss "crossentropy"/);
    expect(() => net.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(/unknown optimizer "adamm"/);
    net.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    await expect(net.fit(x, T.slice(oneHot, [0, 0], [9, 2]))).rejects.toThrow(/y has shape \[9,2\] but x has 10 samples/);
    await expect(net.fit(x, labels)).rejects.toThrow(TesseraError);
    await expect(net.fit(x, labels)).rejects.toThrow(/y shape \[10\] is incompatible with output dense_\d+ of shape \[null,2\] for loss categoricalCrossentropy \(integer labels need sparseCategoricalCrossentropy\)/);
    await expect(net.fit(x, T.ones([10, 3]))).rejects.toThrow(/y shape \[10,3\] is incompatible with output/);
    net.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(net.fit(x, labels)).resolves.toBeDefined();
    await expect(net.fit(x, T.add(labels, 5))).rejects.toThrow(/holds label 5 at index 0; sparseCategoricalCrossentropy needs integers in \[0, 2\)/);
    await expect(net.fit(T.ones([10, 3]), labels)).rejects.toThrow(/input axis 1 must be 2.*\[10,3\]/);
    await expect(net.fit(x, labels, { epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
    await expect(net.fit(x, labels, { epoch: 2 } as never)).rejects.toThrow(/unknown option "epoch"/);
    await expect(net.fit(batches(x, labels, 4), labels as never)).rejects.toThrow(/takes its targets from the dataset's ys; pass no y/);
    await expect(net.fit(batches(x, T.ones([10, 5]), 4))).rejects.toThrow(/y shape \[4,5\] is incompatible with output dense_\d+ of shape \[null,2\] for loss sparseCategoricalCrossentropy/);
  });
});
