import * as T from '@tessera/tensor';
import type { HandlerTable } from '../context.js';
import { evaluate } from './common.js';

const binary = (f: (a: T.Tensor, b: T.Tensor) => T.Tensor) => (ctx: Parameters<HandlerTable[string]>[0]) =>
  evaluate(ctx, ['a', 'b'], f);
const unary = (f: (x: T.Tensor) => T.Tensor) => (ctx: Parameters<HandlerTable[string]>[0]) =>
  evaluate(ctx, ['x'], f);

/** Handlers for the `ops-elementwise` suite. */
export const elementwiseHandlers: HandlerTable = {
  add: binary(T.add),
  sub: binary(T.sub),
  mul: binary(T.mul),
  div: binary(T.div),
  pow: binary(T.pow),
  maximum: binary(T.maximum),
  minimum: binary(T.minimum),
  equal: binary(T.equal),
  not_equal: binary(T.notEqual),
  greater: binary(T.greater),
  greater_equal: binary(T.greaterEqual),
  less: binary(T.less),
  less_equal: binary(T.lessEqual),
  neg: unary(T.neg),
  exp: unary(T.exp),
  log: unary(T.log),
  sqrt: unary(T.sqrt),
  abs: unary(T.abs),
  square: unary(T.square),
  reciprocal: unary(T.reciprocal),
  sign: unary(T.sign),
  clip: (ctx) => evaluate(ctx, ['x'], (x) => T.clip(x, ctx.attr<number>('min'), ctx.attr<number>('max'))),
};
