import { dispose, fail, type Tensor } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import type { CompiledState } from './compile.js';
import {
  asList, checkSparseLabels, isBatchSource, prepareTensors, sliceData, type BatchSource, type TensorData,
} from './data.js';
import { LogAccumulator, stepKeys, testStep } from './step.js';

export interface EvaluateArgs {
  /** Samples per batch for tensor input (default 32). */
  readonly batchSize?: number;
}

/** Loss and metrics over data in inference mode, sample-weighted over batches. */
export async function evaluateData(model: Model, compiled: CompiledState, data: TensorData | BatchSource, batchSize: number | null): Promise<Record<string, number>> {
  const acc = new LogAccumulator(stepKeys(model, compiled));
  if (isBatchSource(data)) {
    for await (const item of data) {
      try {
        const prepared = prepareTensors('evaluate', model, compiled, asList('evaluate', 'dataset xs', item?.xs), asList('evaluate', 'dataset ys', item?.ys));
        try {
          acc.add(await testStep(model, compiled, prepared.xs, prepared.ys), prepared.size);
        } finally {
          dispose(prepared.created);
        }
      } finally {
        dispose([item?.xs, item?.ys]);
      }
    }
  } else {
    const size = batchSize ?? 32;
    for (let start = 0; start < data.size; start += size) {
      const part = sliceData(data, start, Math.min(start + size, data.size));
      try {
        acc.add(await testStep(model, compiled, part.xs, part.ys), part.size);
      } finally {
        dispose([part.xs, part.ys]);
      }
    }
  }
  if (acc.samples === 0) fail('evaluate', 'no samples to evaluate');
  return acc.means();
}

/** `model.evaluate(x, y, args)` or `model.evaluate(dataset, args)`. */
export async function evaluateModel(model: Model, a: unknown, b: unknown, c: unknown): Promise<Record<string, number>> {
  const compiled = model.compiled;
  if (!compiled) fail('evaluate', `${model.label} is not compiled: call model.compile({ optimizer, loss }) first`);
  if (isBatchSource(a)) return evaluateData(model, compiled, a, null);
  const args = (c ?? {}) as EvaluateArgs;
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('evaluate', `batchSize must be a positive integer, got ${batchSize}`);
  const prepared = prepareTensors('evaluate', model, compiled, a, b);
  try {
    await checkSparseLabels('evaluate', model, compiled, prepared.ys);
    model.allocateWeights();
    return await evaluateData(model, compiled, prepared, batchSize);
  } finally {
    dispose(prepared.created as Tensor[]);
  }
}
