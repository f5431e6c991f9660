import * as T from '@tessera/tensor';
import type { CaseContext, HandlerTable } from '../context.js';
import { evaluate } from './common.js';

function convOptions(ctx: CaseContext): T.ConvOptions {
  return {
    strides: ctx.attr<number | [number, number]>('strides', 1),
    padding: ctx.attr<T.Padding>('padding', 'valid'),
    dilations: ctx.attr<number | [number, number]>('dilations', 1),
  };
}

/** Runs `f` on the named tensors and adds the case's `bias` (when present) to its output. */
function withBias(ctx: CaseContext, names: string[], f: (...xs: T.Tensor[]) => T.Tensor) {
  const hasBias = ctx.has('bias');
  return evaluate(ctx, hasBias ? [...names, 'bias'] : names, (...xs) => {
    const y = f(...xs.slice(0, names.length));
    return hasBias ? T.add(y, xs[names.length]) : y;
  });
}

/** Handlers for the `ops-conv` suite. */
export const convHandlers: HandlerTable = {
  conv2d: (ctx) => withBias(ctx, ['x', 'filter'], (x, w) => T.conv2d(x, w, convOptions(ctx))),
  depthwise_conv2d: (ctx) => withBias(ctx, ['x', 'filter'], (x, w) => T.depthwiseConv2d(x, w, convOptions(ctx))),
  separable_conv2d: (ctx) => withBias(ctx, ['x', 'depthwise_filter', 'pointwise_filter'],
    (x, d, p) => T.separableConv2d(x, d, p, convOptions(ctx))),
  conv2d_transpose: (ctx) => withBias(ctx, ['x', 'filter'], (x, w) => T.conv2dTranspose(x, w,
    ctx.attr<number[] | null>('output_shape', null), {
      strides: ctx.attr<number | [number, number]>('strides', 1), padding: ctx.attr<T.Padding>('padding', 'valid'),
    })),
};
