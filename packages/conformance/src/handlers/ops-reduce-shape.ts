import * as T from '@tessera/tensor';
import type { CaseContext, HandlerTable } from '../context.js';
import { evaluate, orderedInputs } from './common.js';

type Axis = number | number[] | null;

const reduction = (f: (x: T.Tensor, axis: Axis, keep: boolean) => T.Tensor) => (ctx: CaseContext) =>
  evaluate(ctx, ['x'], (x) => f(x, ctx.attr<Axis>('axis', null), ctx.attr<boolean>('keepdims', false)));

const joined = (f: (xs: T.Tensor[], axis: number) => T.Tensor) => (ctx: CaseContext) => {
  const names = orderedInputs(ctx);
  return evaluate(ctx, names, (...xs) => f(xs, ctx.attr<number>('axis', 0)));
};

/** Handlers for the `ops-reduce-shape` suite. */
export const reduceShapeHandlers: HandlerTable = {
  sum: reduction(T.sum),
  mean: reduction(T.mean),
  max: reduction(T.max),
  min: reduction(T.min),
  var: (ctx) => evaluate(ctx, ['x'], (x) => T.variance(x, ctx.attr<Axis>('axis', null), {
    keepDims: ctx.attr<boolean>('keepdims', false), unbiased: ctx.attr<boolean>('unbiased', false),
  })),
  argmax: (ctx) => evaluate(ctx, ['x'], (x) => T.argmax(x, ctx.attr<number | null>('axis', null))),
  argmin: (ctx) => evaluate(ctx, ['x'], (x) => T.argmin(x, ctx.attr<number | null>('axis', null))),
  reshape: (ctx) => evaluate(ctx, ['x'], (x) => T.reshape(x, ctx.attr<number[]>('shape'))),
  transpose: (ctx) => evaluate(ctx, ['x'], (x) => T.transpose(x, ctx.attr<number[] | null>('perm', null))),
  concat: joined(T.concat),
  stack: joined(T.stack),
  slice: (ctx) => evaluate(ctx, ['x'], (x) => T.slice(x, ctx.attr<number[]>('begin'), ctx.attr<number[]>('size'))),
  strided_slice: (ctx) => evaluate(ctx, ['x'], (x) => T.stridedSlice(x, ctx.attr<number[]>('begin'),
    ctx.attr<number[]>('end'), ctx.attr<number[]>('strides'))),
  pad: (ctx) => {
    const mode = ctx.attr<string>('mode', 'constant');
    if (mode !== 'constant') throw new Error(`pad mode ${mode} is not an op-suite mode`);
    return evaluate(ctx, ['x'], (x) => T.pad(x, ctx.attr<[number, number][]>('paddings'), ctx.attr<number>('constant_value', 0)));
  },
  gather: (ctx) => evaluate(ctx, ['x', 'indices'], (x, i) => T.gather(x, i, ctx.attr<number>('axis', 0))),
  one_hot: (ctx) => evaluate(ctx, ['indices'], (i) => T.oneHot(i, ctx.attr<number>('depth'))),
  tile: (ctx) => evaluate(ctx, ['x'], (x) => T.tile(x, ctx.attr<number[]>('reps'))),
  broadcast_to: (ctx) => evaluate(ctx, ['x'], (x) => T.broadcastTo(x, ctx.attr<number[]>('shape'))),
  squeeze: (ctx) => evaluate(ctx, ['x'], (x) => T.squeeze(x, ctx.attr<number | null>('axis', null))),
  expand_dims: (ctx) => evaluate(ctx, ['x'], (x) => T.expandDims(x, ctx.attr<number>('axis'))),
  matmul: (ctx) => evaluate(ctx, ['a', 'b'], (a, b) => T.matmul(a, b, {
    transposeA: ctx.attr<boolean>('transposeA', false), transposeB: ctx.attr<boolean>('transposeB', false),
  })),
};
