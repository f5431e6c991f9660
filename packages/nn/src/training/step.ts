import * as T from '@tessera/tensor';
import { dispose, keep, variableGrads, type Generator, type Tensor } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import type { CompiledState } from './compile.js';
import { fromLogitsVariant } from '../losses/crossentropy.js';
import type { Loss } from '../losses/loss.js';

/** Log keys of one step, in the order `runStep` returns their values. */
export function stepKeys(model: Model, compiled: CompiledState): string[] {
  const perOutput = compiled.losses.length > 1 ? compiled.lossNames : [];
  return ['loss', ...perOutput, ...compiled.metricsFor(model).map((m) => m.key)];
}

const logitsLosses = new WeakMap<CompiledState, Loss | null>();

/**
 * For a single-output model ending in a softmax whose loss is a (sparse) categorical
 * cross-entropy on probabilities, that loss on logits: the step then asks the model for the
 * values before the softmax and computes the same cross-entropy without the probability clipping
 * (Keras does the same). Null otherwise.
 */
function logitsLoss(model: Model, compiled: CompiledState): Loss | null {
  if (compiled.losses.length !== 1 || !model.endsInSoftmax) return null;
  let loss = logitsLosses.get(compiled);
  if (loss === undefined) {
    loss = fromLogitsVariant(compiled.losses[0]);
    logitsLosses.set(compiled, loss);
  }
  return loss;
}

/**
 * The total loss (weighted per-output losses plus regularization penalties) and, beside it,
 * the per-output losses and the metric means of a batch — all computed from one forward pass.
 * Returns the loss (for gradients) and keeps the other values in `side` (one scalar each).
 */
function lossAndLogs(model: Model, compiled: CompiledState, xs: readonly Tensor[], ys: readonly Tensor[],
  training: boolean, generator: Generator | undefined, side: Tensor[]): Tensor {
  const onLogits = logitsLoss(model, compiled);
  const out = model.apply(xs.length === 1 ? xs[0] : xs, { training, generator, logits: onLogits !== null });
  let preds = Array.isArray(out) ? out : [out];
  let perOutput: Tensor[];
  // Sparse categorical accuracy from the loss's own pass over the logits, where it has one.
  let accuracy: Tensor | null = null;
  const metrics = compiled.metricsFor(model);
  const single = onLogits ?? (compiled.losses.length === 1 ? compiled.losses[0] : null);
  if (single?.computeWithAccuracy && metrics.some(({ metric }) => metric.sparseArgmaxAccuracy === true)) {
    const both = single.computeWithAccuracy(ys[0], preds[0]);
    perOutput = [both.loss];
    accuracy = both.accuracy;
  } else {
    perOutput = onLogits ? [onLogits.compute(ys[0], preds[0])] : compiled.losses.map((loss, i) => loss.compute(ys[i], preds[i]));
  }
  if (onLogits && metrics.length > 0) {
    // Metrics see probabilities, off the tape; arg-max metrics read the logits as they are.
    const logits = T.stopGradient(preds[0]);
    preds = [metrics.every(({ metric }) => metric.argmaxOnly === true) ? logits : T.softmax(logits, -1)];
  }
  let total = perOutput.reduce((acc, l, i) => {
    const weighted = compiled.lossWeights[i] === 1 ? l : T.mul(l, compiled.lossWeights[i]);
    return acc ? T.add(acc, weighted) : weighted;
  }, null as Tensor | null)!;
  for (const penalty of model.regularizationLosses()) total = T.add(total, penalty);
  if (perOutput.length > 1) for (const l of perOutput) side.push(keep(T.stopGradient(l)));
  for (const { metric, output } of metrics) {
    if (accuracy && metric.sparseArgmaxAccuracy === true) {
      // A second accuracy metric gets its own handle: every side value is disposed once.
      side.push(keep(side.includes(accuracy) ? T.reshape(accuracy, []) : accuracy));
      continue;
    }
    // Metrics see predictions with the gradient stopped, so they add nothing to the tape.
    side.push(keep(T.mean(metric.compute(ys[output], T.stopGradient(preds[output])))));
  }
  return total;
}

async function readScalars(loss: Tensor, side: readonly Tensor[]): Promise<number[]> {
  const all = T.tidy(() => T.stack([T.reshape(loss, []), ...side.map((t) => T.reshape(t, []))]));
  try {
    return Array.from(await all.data());
  } finally {
    all.dispose();
  }
}

/**
 * One training step: gradients of the loss with respect to the trainable variables
 * (`variableGrads`), then `optimizer.applyGradients`. Returns the batch's log values in
 * `stepKeys` order.
 */
export async function trainStep(model: Model, compiled: CompiledState, xs: readonly Tensor[], ys: readonly Tensor[],
  generator: Generator | undefined): Promise<number[]> {
  const variables = model.trainableWeights.map((w) => w.value);
  const side: Tensor[] = [];
  let result: { value: Tensor; grads: Tensor[] } | null = null;
  try {
    result = variableGrads(() => lossAndLogs(model, compiled, xs, ys, true, generator, side), variables);
    compiled.optimizer.applyGradients(variables, result.grads);
    return await readScalars(result.value, side);
  } finally {
    if (result) dispose([result.value, result.grads]);
    dispose(side);
  }
}

/** The same values as a training step, in inference mode and without any update. */
export async function testStep(model: Model, compiled: CompiledState, xs: readonly Tensor[], ys: readonly Tensor[]): Promise<number[]> {
  const side: Tensor[] = [];
  let loss: Tensor | null = null;
  try {
    loss = T.tidy(() => lossAndLogs(model, compiled, xs, ys, false, undefined, side));
    return await readScalars(loss, side);
  } finally {
    loss?.dispose();
    dispose(side);
  }
}

/** Sample-weighted running means of step values. */
export class LogAccumulator {
  private sums: number[];
  private count = 0;

  constructor(readonly keys: readonly string[]) {
    this.sums = keys.map(() => 0);
  }

  add(values: readonly number[], samples: number): void {
    values.forEach((v, i) => { this.sums[i] += v * samples; });
    this.count += samples;
  }

  get samples(): number {
    return this.count;
  }

  means(prefix = ''): Record<string, number> {
    return Object.fromEntries(this.keys.map((k, i) => [`${prefix}${k}`, this.count ? this.sums[i] / this.count : Number.NaN]));
  }
}
