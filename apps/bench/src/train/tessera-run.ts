import { performance } from 'node:perf_hooks';
import { dispose, setBackend, setSeed, tensor } from '@tessera/tensor';
import { createWasmBackend } from '@tessera/backend-wasm';
import { resetNames } from '@tessera/nn';
import type { LoadedDataset } from '@tessera/data/node';
import { tesseraModel, type RunResult, type TrainSpec } from './specs.js';

/** The first `n` images scaled to [0, 1] as `[n, 28, 28, 1]`, with their labels. */
export function rows(x: Uint8Array, y: Int32Array, n: number): { xs: ReturnType<typeof tensor>; ys: ReturnType<typeof tensor> } {
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = x[i] / 255;
  return { xs: tensor(pixels, [n, 28, 28, 1], 'float32'), ys: tensor(y.subarray(0, n), [n], 'int32') };
}

/** Trains one model on @tessera/backend-wasm with `threads` threads; epoch times from fit's callbacks. */
export async function runTessera(spec: TrainSpec, data: LoadedDataset, limit: number, testLimit: number, threads: number, seed: number): Promise<RunResult> {
  const backend = createWasmBackend({ threads, warn: false });
  await setBackend(backend);
  const info = backend.threadInfo();
  const train = rows(data.x as Uint8Array, data.y, limit);
  const test = rows(data.test!.x as Uint8Array, data.test!.y, testLimit);
  setSeed(seed);
  resetNames();
  const model = tesseraModel(spec.key);
  try {
    model.compile({ optimizer: { name: 'adam', learningRate: spec.lr }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const epochSeconds: number[] = [];
    let started = 0;
    await model.fit(train.xs, train.ys, {
      epochs: spec.epochs, batchSize: spec.batchSize, seed, shuffle: true,
      callbacks: [{
        onEpochBegin: () => { started = performance.now(); },
        onEpochEnd: () => { epochSeconds.push((performance.now() - started) / 1000); },
      }],
    });
    const result = await model.evaluate(test.xs, test.ys, { batchSize: 500 });
    return {
      framework: `tessera-wasm-${threads}t`, model: spec.key, epochs: spec.epochs, trainRows: limit, testRows: testLimit,
      epochSeconds, accuracy: result.accuracy,
      note: info.threaded ? undefined : `the threaded build did not load (${backend.diagnostics.join('; ')}); ran on 1 thread`,
    };
  } finally {
    model.dispose();
    dispose([train.xs, train.ys, test.xs, test.ys]);
    backend.dispose();
  }
}
