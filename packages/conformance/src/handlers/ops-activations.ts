import * as T from '@tessera/tensor';
import type { HandlerTable } from '../context.js';
import { evaluate } from './common.js';

/** Handlers for the `ops-activations` suite. */
export const activationHandlers: HandlerTable = {
  relu: (ctx) => evaluate(ctx, ['x'], T.relu),
  leaky_relu: (ctx) => evaluate(ctx, ['x'], (x) => T.leakyRelu(x, ctx.attr<number>('alpha'))),
  elu: (ctx) => evaluate(ctx, ['x'], (x) => T.elu(x, ctx.attr<number>('alpha', 1))),
  selu: (ctx) => evaluate(ctx, ['x'], T.selu),
  sigmoid: (ctx) => evaluate(ctx, ['x'], T.sigmoid),
  tanh: (ctx) => evaluate(ctx, ['x'], T.tanh),
  softplus: (ctx) => evaluate(ctx, ['x'], T.softplus),
  gelu: (ctx) => evaluate(ctx, ['x'], (x) => T.gelu(x, { approximate: ctx.attr<'none' | 'tanh'>('approximate', 'none') })),
  softmax: (ctx) => evaluate(ctx, ['x'], (x) => T.softmax(x, ctx.attr<number>('axis', -1))),
  log_softmax: (ctx) => evaluate(ctx, ['x'], (x) => T.logSoftmax(x, ctx.attr<number>('axis', -1))),
};
