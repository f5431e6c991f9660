import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import {
  batchNormalization, conv2d, dense, globalAveragePooling2d, maxPool2d, parameterCounts, sequential, type Model,
} from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

async function snapshot(model: Model): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const w of model.weights) out.set(w.name, (await w.value.data()) as Float32Array);
  return out;
}

function changed(a: Map<string, Float32Array>, b: Map<string, Float32Array>): string[] {
  return [...a.keys()].filter((k) => a.get(k)!.some((v, i) => v !== b.get(k)![i])).sort();
}

describe('transfer learning', () => {
  it('trains a new head on a frozen base, then fine-tunes the top block', async () => {
    T.setSeed(5);
    const base = sequential({
      name: 'base',
      layers: [
        conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1], name: 'block1_conv' }),
        batchNormalization({ name: 'block1_bn' }),
        maxPool2d({ name: 'block1_pool' }),
        conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'block2_conv' }),
        batchNormalization({ name: 'block2_bn' }),
      ],
    });
    base.trainable = false;
    const net = sequential([base, globalAveragePooling2d({ name: 'gap' }), dense({ units: 3, activation: 'softmax', name: 'head' })]);
    expect(parameterCounts(net)).toEqual({ total: 40 + 16 + 222 + 24 + 21, trainable: 21, nonTrainable: 40 + 16 + 222 + 24 });
    expect(net.summary()).toContain('Trainable params: 21');

    const x = T.normal([24, 8, 8, 1], { seed: 2 });
    const y = T.tensor(Array.from({ length: 24 }, (_, i) => i % 3), [24], 'int32');
    net.compile({ optimizer: { name: 'adam', learningRate: 0.05 }, loss: 'sparseCategoricalCrossentropy' });
    const before = await snapshot(net);
    await net.fit(x, y, { epochs: 2, batchSize: 8, seed: 1 });
    const afterHead = await snapshot(net);
    expect(changed(before, afterHead)).toEqual(['head/bias', 'head/kernel']);
    expect(Object.keys((await net.optimizer.getState()).slots).sort()).toEqual(['head/bias', 'head/kernel']);

    // Fine-tune: unfreeze the base, keep block 1 frozen.
    base.trainable = true;
    for (const layer of base.layers.slice(0, 3)) layer.trainable = false;
    net.compile({ optimizer: { name: 'adam', learningRate: 1e-3 }, loss: 'sparseCategoricalCrossentropy' });
    expect(parameterCounts(net).trainable).toBe(21 + 222 + 12);
    await net.fit(x, y, { epochs: 1, batchSize: 8, seed: 2 });
    const afterTune = await snapshot(net);
    expect(changed(afterHead, afterTune)).toEqual([
      'block2_bn/beta', 'block2_bn/gamma', 'block2_bn/moving_mean', 'block2_bn/moving_variance',
      'block2_conv/bias', 'block2_conv/kernel', 'head/bias', 'head/kernel',
    ]);
    expect(Object.keys((await net.optimizer.getState()).slots).sort()).toEqual([
      'block2_bn/beta', 'block2_bn/gamma', 'block2_conv/bias', 'block2_conv/kernel', 'head/bias', 'head/kernel',
    ]);
  });
});
