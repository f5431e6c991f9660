import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import {
  binaryAccuracy, categoricalAccuracy, categoricalCrossentropy, getLoss, getMetric, klDivergence, meanSquaredError,
  sparseCategoricalAccuracy, sparseCategoricalCrossentropy,
} from '../src/index.js';
import { useJsBackend, values } from './helpers.js';

useJsBackend();

describe('losses', () => {
  it('reduce by mean, sum or not at all', async () => {
    const y = T.tensor([[0, 0], [1, 1]]), p = T.tensor([[1, 1], [1, 3]]);
    expect(await meanSquaredError().compute(y, p).item()).toBeCloseTo(1.5, 6);
    expect(await meanSquaredError({ reduction: 'sum' }).compute(y, p).item()).toBeCloseTo(3, 6);
    expect(await values(meanSquaredError({ reduction: 'none' }).compute(y, p))).toEqual([1, 2]);
    expect(await klDivergence({ reduction: 'sum' }).compute(T.tensor([[0.5, 0.5]]), T.tensor([[0.5, 0.5]])).item()).toBeCloseTo(0, 6);
  });

  it('resolves names, aliases and options; rejects unknown ones', () => {
    expect(getLoss('mse').name).toBe('meanSquaredError');
    expect(getLoss('sparse_categorical_crossentropy').name).toBe('sparseCategoricalCrossentropy');
    expect(getLoss({ name: 'huber', delta: 2 }).config).toEqual({ name: 'huber', reduction: 'mean', delta: 2 });
    expect(() => getLoss('nll')).toThrow(/unknown loss "nll"; expected one of meanSquaredError/);
    expect(() => getLoss({ name: 'mse', fromLogits: true })).toThrow(/meanSquaredError has no option "fromLogits"/);
    expect(() => getLoss({ name: 'huber', delta: -1 })).toThrow(/delta must be a positive number/);
    expect(() => getLoss({ name: 'klDivergence', reduction: 'avg' })).toThrow(/reduction must be one of batchmean, mean, sum, none/);
  });

  it('name the loss and the shapes on incompatible targets', () => {
    const p = T.ones([4, 3]);
    expect(() => categoricalCrossentropy().compute(T.ones([4]), p)).toThrow(/^categoricalCrossentropy: y shape \[4\] looks like integer labels for predictions \[4,3\]/);
    expect(() => meanSquaredError().compute(T.ones([4, 2]), p)).toThrow(/^meanSquaredError: y shape \[4,2\] is incompatible with predictions of shape \[4,3\]/);
    expect(() => sparseCategoricalCrossentropy().compute(T.ones([4, 3]), p)).toThrow(/must be the predictions' shape \[4,3\] without the class axis/);
  });

  it('sparse cross-entropy on probabilities is -log p[label]; saturated probabilities stay finite', async () => {
    const p = T.tensor([[0.2, 0.5, 0.3], [0.7, 0.1, 0.2]]);
    const loss = await sparseCategoricalCrossentropy().compute(T.tensor([1, 0], [2], 'int32'), p).item();
    expect(loss).toBeCloseTo(-(Math.log(0.5) + Math.log(0.7)) / 2, 5);
    const bce = await getLoss('binaryCrossentropy').compute(T.tensor([1, 0]), T.tensor([0, 1])).item();
    // p clipped to [1e-7, 1 - 1e-7] (float32 rounds the upper bound to 1 - 1.19e-7): about -log(1e-7).
    expect(bce).toBeGreaterThan(15.9);
    expect(bce).toBeLessThan(16.2);
  });

  it('sparse labels may be [N, 1] and float', async () => {
    const logits = T.tensor([[2, 0, -1], [0, 3, 1]]);
    const a = await sparseCategoricalCrossentropy({ fromLogits: true }).compute(T.tensor([0, 1], [2], 'int32'), logits).item();
    const b = await sparseCategoricalCrossentropy({ fromLogits: true }).compute(T.tensor([[0], [1]]), logits).item();
    expect(b).toBeCloseTo(a, 6);
  });
});

describe('metrics', () => {
  it('compute accuracies per sample', async () => {
    expect(await values(binaryAccuracy().compute(T.tensor([1, 0, 1]), T.tensor([0.7, 0.6, 0.2])))).toEqual([1, 0, 0]);
    expect(await values(categoricalAccuracy().compute(T.tensor([[0, 1], [1, 0]]), T.tensor([[0.3, 0.7], [0.2, 0.8]])))).toEqual([1, 0]);
    expect(await values(sparseCategoricalAccuracy().compute(T.tensor([1, 1], [2], 'int32'), T.tensor([[0.3, 0.7], [0.9, 0.1]])))).toEqual([1, 0]);
  });

  it("pick the accuracy variant from the loss and output, as Keras", async () => {
    const ctx = (loss: string, out: number) => ({ loss: getLoss(loss), outputShape: [null, out] });
    const y = T.tensor([1, 0]), p = T.tensor([[0.2], [-0.3]]);
    expect(await values(getMetric('accuracy', { ...ctx('binaryCrossentropy', 1), loss: getLoss({ name: 'binaryCrossentropy', fromLogits: true }) }).compute(y, p))).toEqual([1, 1]);
    expect(await values(getMetric('accuracy', ctx('binaryCrossentropy', 1)).compute(y, p))).toEqual([0, 1]);
    expect(getMetric('acc', ctx('sparseCategoricalCrossentropy', 3)).name).toBe('acc');
    expect(await values(getMetric('accuracy', ctx('sparseCategoricalCrossentropy', 2)).compute(T.tensor([1], [1], 'int32'), T.tensor([[0.1, 0.9]])))).toEqual([1]);
    expect(() => getMetric('precision', ctx('mse', 2))).toThrow(/^metrics: unknown metric "precision"/);
    expect(await values(getMetric('mean_absolute_error', ctx('mse', 2)).compute(T.tensor([[0, 0]]), T.tensor([[1, 3]])))).toEqual([2]);
    expect(await values(getMetric('mae', ctx('mse', 2)).compute(T.tensor([[0, 0]]), T.tensor([[1, 3]])))).toEqual([2]);
  });
});
