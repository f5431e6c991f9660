import * as T from '@tessera/tensor';
import type { CaseContext, HandlerTable } from '../context.js';
import { evaluate } from './common.js';

function poolOptions(ctx: CaseContext): T.PoolOptions {
  return {
    poolSize: ctx.attr<number | [number, number]>('ksize'),
    strides: ctx.attr<number | [number, number]>('strides'),
    padding: ctx.attr<T.Padding>('padding', 'valid'),
  };
}

/**
 * Batch norm as a layer runs it: in training mode with the batch's moments (gradients flow
 * through them) and a running-statistics update with Keras momentum; in eval mode with the
 * running statistics.
 */
function batchNormCase(ctx: CaseContext) {
  const training = ctx.attr<boolean>('training');
  const epsilon = ctx.attr<number>('epsilon');
  if (!training) {
    return evaluate(ctx, ['x', 'gamma', 'beta', 'running_mean', 'running_var'], (x, g, b, m, v) =>
      T.batchNorm(x, m, v, { scale: g, offset: b, epsilon }));
  }
  const momentum = ctx.attr<number>('momentum_keras');
  const x = ctx.tensor('x');
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  return evaluate(ctx, ['x', 'gamma', 'beta'], (xi, g, b) => {
    const { mean, variance } = T.moments(xi, axes);
    try {
      return T.batchNorm(xi, mean, variance, { scale: g, offset: b, epsilon });
    } finally {
      T.dispose([mean, variance]);
    }
  }, () => T.tidy(() => {
    const { mean, variance } = T.moments(x, axes);
    const rm = ctx.tensor('running_mean'), rv = ctx.tensor('running_var');
    const update = (running: T.Tensor, batch: T.Tensor) => T.add(T.mul(running, momentum), T.mul(batch, 1 - momentum));
    return {
      batch_mean: mean,
      batch_var: variance,
      running_mean: update(rm, mean),
      running_var: update(rv, T.mul(variance, n / (n - 1))),
      running_var_biased_update: update(rv, variance),
    };
  }));
}

/** Handlers for the `ops-pool-norm` suite. */
export const poolNormHandlers: HandlerTable = {
  max_pool2d: (ctx) => evaluate(ctx, ['x'], (x) => T.maxPool2d(x, poolOptions(ctx))),
  avg_pool2d: (ctx) => evaluate(ctx, ['x'], (x) => T.avgPool2d(x, poolOptions(ctx))),
  global_avg_pool2d: (ctx) => evaluate(ctx, ['x'], T.globalAvgPool2d),
  global_max_pool2d: (ctx) => evaluate(ctx, ['x'], T.globalMaxPool2d),
  batch_norm: batchNormCase,
  layer_norm: (ctx) => evaluate(ctx, ['x', 'gamma', 'beta'], (x, g, b) =>
    T.layerNorm(x, g, b, { axes: ctx.attr<number[]>('axes'), epsilon: ctx.attr<number>('epsilon') })),
};
