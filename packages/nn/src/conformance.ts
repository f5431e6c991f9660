/**
 * Conformance handlers of @tessera/nn for the `losses` and `initializers-stats` fixture suites
 * (keyed `suite/op`). Run them with `describeConformance` or `pnpm conformance`.
 */
import { vjp } from '@tessera/tensor';
import type { CaseContext, HandlerResult, HandlerTable } from '@tessera/conformance';
import { getInitializer, type InitializerName } from './initializers/initializers.js';
import { getLoss } from './losses/registry.js';
import type { LossConfig } from './losses/loss.js';

const LOSS_OPS: Readonly<Record<string, string>> = {
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  huber: 'huber',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  hinge: 'hinge',
  kl_divergence: 'klDivergence',
};

function lossOptions(ctx: CaseContext, name: string): LossConfig {
  const options: Record<string, unknown> & { name: string } = { name, reduction: ctx.attr<string>('reduction', 'mean') };
  if (ctx.hasAttr('from_logits')) options.fromLogits = ctx.attr<boolean>('from_logits');
  if (ctx.hasAttr('normalize')) options.normalize = ctx.attr<boolean>('normalize');
  if (ctx.hasAttr('delta')) options.delta = ctx.attr<number>('delta');
  return options;
}

/** The loss value, its per-sample form, and the gradient with respect to the predictions. */
function lossHandler(name: string) {
  return (ctx: CaseContext): HandlerResult => {
    const loss = getLoss(lossOptions(ctx, name) as LossConfig);
    const predName = ctx.has('logits') ? 'logits' : 'y_pred';
    const yTrue = ctx.tensor('y_true');
    const yPred = ctx.tensor(predName);
    const dy = ctx.has('upstream') ? ctx.tensor('upstream') : undefined;
    const { value, grads } = vjp((p) => loss.compute(yTrue, p), [yPred], dy);
    return {
      outputs: { output: value, per_sample: loss.perSample(yTrue, yPred) },
      grads: { [predName]: grads[0] },
    };
  };
}

const INITIALIZER_OPS: Readonly<Record<string, InitializerName>> = {
  glorot_uniform: 'glorotUniform',
  glorot_normal: 'glorotNormal',
  glorot_normal_truncated: 'glorotTruncatedNormal',
  he_uniform: 'heUniform',
  he_normal: 'heNormal',
  he_normal_truncated: 'heTruncatedNormal',
  lecun_uniform: 'lecunUniform',
  lecun_normal: 'lecunNormal',
  lecun_normal_truncated: 'lecunTruncatedNormal',
};

/** The analytic statistics the implementation computes for the case's weight shape. */
function initializerHandler(name: InitializerName) {
  return (ctx: CaseContext): HandlerResult => {
    const stats = getInitializer(name).stats(ctx.attr<number[]>('shape'));
    const outputs: Record<string, unknown> = {
      mean: stats.mean, std: stats.std, variance: stats.variance, distribution: stats.distribution,
    };
    if (stats.limit !== undefined) outputs.limit = stats.limit;
    if (stats.underlyingStddev !== undefined) outputs.underlying_stddev = stats.underlyingStddev;
    if (stats.truncationBound !== undefined) outputs.truncation_bound = stats.truncationBound;
    return { outputs };
  };
}

export const lossHandlers: HandlerTable = Object.fromEntries(
  Object.entries(LOSS_OPS).map(([op, name]) => [`losses/${op}`, lossHandler(name)]),
);

export const initializerHandlers: HandlerTable = Object.fromEntries(
  Object.entries(INITIALIZER_OPS).map(([op, name]) => [`initializers-stats/${op}`, initializerHandler(name)]),
);

/** Every handler of this package. */
export const nnHandlers: HandlerTable = { ...lossHandlers, ...initializerHandlers };

/** The suites `nnHandlers` covers. */
export const NN_SUITES = ['losses', 'initializers-stats'] as const;

