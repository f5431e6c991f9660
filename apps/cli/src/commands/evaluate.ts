import { dispose, type Tensor } from '@tessera/tensor';
import { toTensors } from '@tessera/data/node';
import { activateBackend, BACKEND_NAMES } from '../backends.js';
import { loadData } from '../data.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { loadModelWithData } from '../model-file.js';
import { checkModelFitsData } from '../models/resolve.js';
import { choice, fraction, positiveInt } from '../options.js';
import { TRAIN_DEFAULTS } from './train.js';

export interface EvalOptions { model?: string; dataset?: string; backend?: string; threads?: string; split?: string; testSplit?: string; batchSize?: string }

/**
 * `tessera eval`: loss and accuracy of a saved model on a dataset's test rows (the same rows
 * train held out), or on its training rows with `--split train`.
 */
export async function evaluate(o: EvalOptions, io: CliIo): Promise<void> {
  if (!o.model) throw new UsageError('--model is required (a .safetensors file written by tessera train)');
  const backendName = choice('--backend', o.backend, BACKEND_NAMES);
  const threads = o.threads === undefined ? undefined : positiveInt('--threads', o.threads, 1);
  const split = choice('--split', o.split, ['test', 'train'] as const, 'test');
  const batchSize = positiveInt('--batch-size', o.batchSize, 256);
  const testSplitGiven = o.testSplit === undefined ? undefined : fraction('--test-split', o.testSplit, 0);
  const active = await activateBackend(backendName, threads);
  const owned: Tensor[] = [];
  try {
    io.out(active.description);
    const { model, data: info } = await loadModelWithData(o.model);
    try {
      const spec = o.dataset ?? info?.dataset;
      if (!spec) throw new UsageError(`--dataset is required: ${o.model} does not say which dataset it was trained on`);
      if (!model.compiled) throw new UsageError(`--model ${o.model} has no loss and metrics to evaluate (saved without training settings)`);
      const data = await loadData(spec, testSplitGiven ?? info?.testSplit ?? TRAIN_DEFAULTS.testSplit);
      checkModelFitsData(o.model, model, { inputShape: data.inputShape, numClasses: data.classNames.length }, spec);
      const rows = split === 'test' ? data.test : data.train;
      const { xs, ys } = toTensors(rows);
      owned.push(xs, ys);
      const result = await model.evaluate(xs, ys, { batchSize });
      const metrics = Object.entries(result).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
      io.out(`${metrics}  (${rows.y.length} ${split} rows of ${data.name}${split === 'test' ? `, ${data.testSource}` : ''})`);
    } finally {
      model.dispose();
    }
  } finally {
    dispose(owned);
    active.dispose();
  }
}
