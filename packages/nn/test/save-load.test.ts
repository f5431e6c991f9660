import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as T from '@tessera/tensor';
import {
  add, batchNormalization, conv2d, dense, flatten, input, loadModel, model, saveModel, sequential, type Model,
} from '../src/index.js';
import { fileCheckpoint, formatCheckpointPath, loadModelFile, saveModelFile } from '../src/node.js';
import { maxAbsDiff, useJsBackend, values } from './helpers.js';

const failures = vi.hoisted(() => ({ write: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (!failures.write) return handle;
      let calls = 0;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === 'write') {
            return async (buffer: Uint8Array, offset: number, length: number) => {
              // The first chunk lands, then the disk "fills up": a half-written file.
              if (calls++ === 0) return target.write(buffer, offset, Math.min(16, length));
              throw new Error('ENOSPC: no space left on device');
            };
          }
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
});

useJsBackend();

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tessera-nn-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function convNet(): Model {
  const x = input({ shape: [6, 6, 2] });
  const h = conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
  const b = batchNormalization().apply(h);
  const skip = conv2d({ filters: 3, kernelSize: 1 }).apply(x);
  const y = dense({ units: 2, activation: 'softmax' }).apply(flatten().apply(add().apply([b, skip])));
  return model({ inputs: x, outputs: y });
}

async function expectSameModels(a: Model, b: Model, x: T.Tensor): Promise<void> {
  expect(b.getConfig()).toEqual(a.getConfig());
  expect(b.weights.map((w) => w.name)).toEqual(a.weights.map((w) => w.name));
  for (let i = 0; i < a.weights.length; i++) expect(await values(b.weights[i].value)).toEqual(await values(a.weights[i].value));
  expect(await maxAbsDiff(a.predict(x) as T.Tensor, b.predict(x) as T.Tensor)).toBe(0);
}

describe('saveModel / loadModel round trip', () => {
  it('keeps architecture, weights (batch-norm statistics included) and optimizer state; training continues identically', async () => {
    T.setSeed(3);
    const net = convNet();
    net.compile({ optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = T.normal([8, 6, 6, 2], { seed: 1 });
    const y = T.tensor([0, 1, 0, 1, 1, 0, 1, 0], [8], 'int32');
    await net.fit(x, y, { epochs: 2, batchSize: 4, seed: 1 });
    const again = await loadModel(await saveModel(net));
    await expectSameModels(net, again, x);
    expect(await again.optimizer.getState()).toEqual(await net.optimizer.getState());
    expect(again.optimizer.getConfig()).toEqual(net.optimizer.getConfig());
    const h1 = await net.fit(x, y, { epochs: 2, batchSize: 4, seed: 9 });
    const h2 = await again.fit(x, y, { epochs: 2, batchSize: 4, seed: 9 });
    expect(h2.history).toEqual(h1.history);
    await expectSameModels(net, again, x);
  });

  it('saves uncompiled models and models without the optimizer', async () => {
    const net = sequential([dense({ units: 3, inputShape: [4] })]);
    const loaded = await loadModel(await saveModel(net));
    expect(loaded.compiled).toBeNull();
    await expectSameModels(net, loaded, T.ones([2, 4]));
    net.compile({ optimizer: 'adam', loss: 'mse' });
    const plain = await loadModel(await saveModel(net, { includeOptimizer: false }));
    expect(plain.compiled).toBeNull();
    const unbuilt = sequential([dense({ units: 2 })]);
    await expect(saveModel(unbuilt)).rejects.toThrow(/is not built yet/);
  });
});

describe('model files (Node)', () => {
  it('writes and reads files; errors name the file', async () => {
    const net = sequential([dense({ units: 2, inputShape: [3] })]);
    const path = join(dir, 'model.safetensors');
    await saveModelFile(net, path);
    await expectSameModels(net, await loadModelFile(path), T.ones([1, 3]));
    await expect(loadModelFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/loadModelFile: cannot read .*missing\.safetensors/);
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    await expect(loadModelFile(bad)).rejects.toThrow(/loadModelFile: .*bad\.safetensors: safetensors: file is 3 bytes/);
  });

  it('never leaves a corrupt file when a save fails half-way', async () => {
    const first = sequential([dense({ units: 2, inputShape: [3] })]);
    const path = join(dir, 'atomic.safetensors');
    await saveModelFile(first, path);
    const second = sequential([dense({ units: 5, inputShape: [3] })]);
    failures.write = true;
    try {
      await expect(saveModelFile(second, path)).rejects.toThrow(/ENOSPC/);
    } finally {
      failures.write = false;
    }
    await expectSameModels(first, await loadModelFile(path), T.ones([1, 3]));
    expect(readdirSync(dir).filter((f) => f.includes('atomic') && f !== 'atomic.safetensors')).toEqual([]);
  });

  it('fileCheckpoint writes one loadable file per epoch, named from the pattern', async () => {
    const net = sequential([dense({ units: 1, inputShape: [2] })]);
    net.compile({ optimizer: 'sgd', loss: 'mse' });
    const pattern = join(dir, 'ckpt-{epoch:02d}-{loss:.3f}.safetensors');
    const h = await net.fit(T.ones([4, 2]), T.zeros([4, 1]), { epochs: 2, callbacks: [fileCheckpoint({ filepath: pattern })] });
    const names = readdirSync(dir).filter((f) => f.startsWith('ckpt-')).sort();
    expect(names).toEqual([`ckpt-01-${h.history.loss[0].toFixed(3)}.safetensors`, `ckpt-02-${h.history.loss[1].toFixed(3)}.safetensors`]);
    const last = await loadModelFile(join(dir, names[1]));
    expect(last.optimizer.iterations).toBe(2);
    expect(formatCheckpointPath('e{epoch}', { epoch: 9, logs: {} })).toBe('e10');
    expect(() => formatCheckpointPath('{val_loss}', { epoch: 0, logs: { loss: 1 } })).toThrow(/uses \{val_loss\} but the logs have loss/);
  });
});
