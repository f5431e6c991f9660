import { fail } from '@tessera/tensor';
import { getOptimizer, type Optimizer, type OptimizerSpec } from '@tessera/optim';
import { getLoss, isSerializableLoss, type LossIdentifier } from '../losses/registry.js';
import type { Loss } from '../losses/loss.js';
import { getMetric, type Metric, type MetricIdentifier } from '../metrics.js';
import type { Model } from '../models/model.js';

export interface CompileArgs {
  /** An Optimizer from @tessera/optim, or a spec for `getOptimizer` (`'adam'`, `{ name: 'sgd', learningRate: 0.1 }`). */
  readonly optimizer: Optimizer | OptimizerSpec;
  /** One loss for every output, or one per output. */
  readonly loss: LossIdentifier | readonly LossIdentifier[];
  /** Metrics reported for every output (`['accuracy']`). */
  readonly metrics?: readonly MetricIdentifier[];
  /** Weights of the per-output losses in the total (default all 1). */
  readonly lossWeights?: readonly number[];
}

/** The serializable part of a compile call, written into saved models. */
export interface TrainingConfig {
  readonly loss: unknown;
  readonly metrics: readonly string[];
  readonly lossWeights: readonly number[] | null;
}

export interface CompiledState {
  readonly optimizer: Optimizer;
  readonly losses: readonly Loss[];
  readonly lossWeights: readonly number[];
  /** Log key of each output's loss (`loss` for a single output, `<output>_loss` otherwise). */
  readonly lossNames: readonly string[];
  /** Per output: metrics and their log keys (resolved once the output shapes are known). */
  metricsFor(model: Model): { metric: Metric; key: string; output: number }[];
  /** Null when a loss or metric is a function and cannot be saved. */
  readonly trainingConfig: TrainingConfig | null;
  dispose(): void;
}

function isOptimizer(value: unknown): value is Optimizer {
  return typeof value === 'object' && value !== null && typeof (value as Optimizer).applyGradients === 'function';
}

/** `ownsOptimizer` makes the model dispose a given optimizer too (loadModel builds one for it). */
export function compileModel(model: Model, args: CompileArgs, ownsOptimizer?: boolean): CompiledState {
  if (typeof args !== 'object' || args === null) fail('compile', 'expects { optimizer, loss, metrics? }');
  if (args.optimizer === undefined) fail('compile', 'optimizer is required');
  if (args.loss === undefined) fail('compile', 'loss is required');
  const given = isOptimizer(args.optimizer);
  const owns = ownsOptimizer ?? !given;
  const optimizer = given ? args.optimizer as Optimizer : getOptimizer(args.optimizer as OptimizerSpec);
  const outputs = model.outputNames.length;
  const lossList = Array.isArray(args.loss) ? args.loss as readonly LossIdentifier[] : null;
  if (lossList && lossList.length !== outputs) fail('compile', `loss has ${lossList.length} entries but the model has ${outputs} output(s)`);
  const losses = Array.from({ length: outputs }, (_, i) => getLoss(lossList ? lossList[i] : args.loss as LossIdentifier, 'compile: loss'));
  const lossWeights = args.lossWeights ? [...args.lossWeights] : losses.map(() => 1);
  if (lossWeights.length !== outputs || !lossWeights.every((w) => typeof w === 'number' && Number.isFinite(w))) {
    fail('compile', `lossWeights must be ${outputs} finite number(s), got ${JSON.stringify(args.lossWeights)}`);
  }
  const metricIds = [...(args.metrics ?? [])];
  const prefix = (i: number) => (outputs === 1 ? '' : `${model.outputNames[i]}_`);
  let resolved: { metric: Metric; key: string; output: number }[] | null = null;
  const serializable = (lossList ?? [args.loss as LossIdentifier]).every(isSerializableLoss) && metricIds.every((m) => typeof m === 'string');
  const lossConfig = (id: LossIdentifier) => (typeof id === 'string' ? id : getLoss(id).config);
  return {
    optimizer,
    losses,
    lossWeights,
    lossNames: losses.map((_, i) => `${prefix(i)}loss`),
    metricsFor(m) {
      resolved ??= losses.flatMap((loss, i) => metricIds.map((id) => {
        const metric = getMetric(id, { loss, outputShape: m.outputShapes[i] ?? [] });
        return { metric, key: `${prefix(i)}${typeof id === 'string' ? id : metric.name}`, output: i };
      }));
      return resolved;
    },
    trainingConfig: serializable
      ? { loss: lossList ? lossList.map(lossConfig) : lossConfig(args.loss as LossIdentifier), metrics: metricIds as string[], lossWeights: args.lossWeights ? [...args.lossWeights] : null }
      : null,
    dispose() {
      if (owns) optimizer.dispose();
    },
  };
}
