import { dispose, tensor, type Tensor } from '@tessera/tensor';
import { activateBackend, BACKEND_NAMES } from '../backends.js';
import { UsageError } from '../errors.js';
import { readSamples } from '../inputs.js';
import type { CliIo } from '../io.js';
import { loadModelWithData } from '../model-file.js';
import { choice, positiveInt } from '../options.js';

export interface PredictOptions { model?: string; backend?: string; threads?: string; top?: string; header?: boolean }

/** `tessera predict`: classes and probabilities for PNG images or CSV rows, one line per sample. */
export async function predict(inputs: readonly string[], o: PredictOptions, io: CliIo): Promise<void> {
  if (!o.model) throw new UsageError('--model is required (a .safetensors file written by tessera train)');
  if (inputs.length === 0) throw new UsageError('give one or more .png images or .csv files to predict on');
  const backendName = choice('--backend', o.backend, BACKEND_NAMES);
  const threads = o.threads === undefined ? undefined : positiveInt('--threads', o.threads, 1);
  const topArg = positiveInt('--top', o.top, 3);
  const active = await activateBackend(backendName, threads);
  let owned: Tensor[] = [];
  try {
    io.out(active.description);
    const { model, data } = await loadModelWithData(o.model);
    try {
      const inputShape = data?.inputShape ?? model.inputShapes[0]?.slice(1).map((d) => d ?? 0);
      if (!inputShape || inputShape.some((d) => d < 1)) throw new UsageError(`--model ${o.model}: the model's input shape is not fixed`);
      const samples = await readSamples(inputs, inputShape, data?.pixels ?? false, o.header ?? true);
      const x = tensor(samples.values, [samples.count, ...inputShape], 'float32');
      owned.push(x);
      const y = model.predict(x, { batchSize: 256 });
      owned = owned.concat(y);
      const probs = Array.isArray(y) ? y[0] : y;
      const classes = probs.shape[1];
      const values = await probs.data();
      const names = data?.classNames ?? Array.from({ length: classes }, (_, i) => String(i));
      const top = Math.min(topArg, classes);
      samples.labels.forEach((label, i) => {
        const row = Array.from(values.subarray(i * classes, (i + 1) * classes));
        const order = row.map((p, k) => [p, k] as const).sort((a, b) => b[0] - a[0]).slice(0, top);
        const [first, ...rest] = order.map(([p, k]) => `${names[k] ?? k} ${p.toFixed(4)}`);
        io.out(`${label}: ${first}${rest.length ? `  (${rest.join(', ')})` : ''}`);
      });
    } finally {
      model.dispose();
    }
  } finally {
    dispose(owned);
    active.dispose();
  }
}
