import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { requireFloat } from '../conv/conv2d.js';
import { poolInfo, type PoolOptions } from '../conv/geometry.js';
import type { Pool2DInfo } from '../../backend/backend.js';
import { mean } from '../reduce/mean.js';
import { max } from '../reduce/max.js';

/** Shared body of the two windowed poolings: conversion, geometry, one kernel, its backward. */
function pool2d(op: 'maxPool2d' | 'avgPool2d', xLike: TensorLike, options: PoolOptions): Tensor {
  const c = toTensor(op, xLike, 'x');
  try {
    requireFloat(op, c.t);
    const info = poolInfo(op, c.t.shape, options);
    return op === 'maxPool2d' ? maxPoolWithInfo(c.t, info) : avgPoolWithInfo(c.t, info);
  } finally {
    if (c.owned) c.t.dispose();
  }
}

const pooledShape = (info: Pool2DInfo) => [info.batch, info.outHeight, info.outWidth, info.channels];

/**
 * Max pooling over NHWC windows; padded cells never win. Strides default to the window size.
 *
 * ```ts
 * maxPool2d(x, { poolSize: 2 }); // halves H and W
 * ```
 */
export function maxPool2d(xLike: TensorLike, options: PoolOptions): Tensor {
  return pool2d('maxPool2d', xLike, options);
}

/**
 * Average pooling over NHWC windows. With 'same' padding each window is divided by its number
 * of real (non-padded) cells, as TensorFlow does.
 */
export function avgPool2d(xLike: TensorLike, options: PoolOptions): Tensor {
  return pool2d('avgPool2d', xLike, options);
}

function maxPoolWithInfo(x: Tensor, info: Pool2DInfo): Tensor {
  return runOp({
    name: 'maxPool2d', inputs: [x], shape: pooledShape(info), dtype: 'float32',
    forward: (b, [xi]) => b.maxPool(xi, info),
    backward: (dy, { inputs: [xs] }) => [runOp({
      name: 'maxPoolBackprop', inputs: [dy, xs], shape: xs.shape, dtype: 'float32',
      forward: (b, [di, xi]) => b.maxPoolBackprop(di, xi, info),
    })],
  });
}

function avgPoolWithInfo(x: Tensor, info: Pool2DInfo): Tensor {
  return runOp({
    name: 'avgPool2d', inputs: [x], shape: pooledShape(info), dtype: 'float32',
    forward: (b, [xi]) => b.avgPool(xi, info),
    backward: (dy) => [avgPoolBackprop(dy, info)],
  });
}

/** The adjoint of average pooling; differentiable itself (its adjoint is the pooling again). */
function avgPoolBackprop(dy: Tensor, info: Pool2DInfo): Tensor {
  return runOp({
    name: 'avgPoolBackprop', inputs: [dy], shape: [info.batch, info.inHeight, info.inWidth, info.channels], dtype: 'float32',
    forward: (b, [di]) => b.avgPoolBackprop(di, info),
    backward: (g) => [avgPoolWithInfo(g, info)],
  });
}

function requireNhwc(op: string, x: Tensor): void {
  if (x.rank !== 4) fail(op, `input must be 4-D NHWC, got ${fmtShape(x.shape)}`);
}

/** Mean over H and W: `[N, H, W, C] -> [N, C]`. */
export function globalAvgPool2d(xLike: TensorLike): Tensor {
  const c = toTensor('globalAvgPool2d', xLike, 'x');
  try {
    requireNhwc('globalAvgPool2d', c.t);
    return mean(c.t, [1, 2]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** Max over H and W: `[N, H, W, C] -> [N, C]`. */
export function globalMaxPool2d(xLike: TensorLike): Tensor {
  const c = toTensor('globalMaxPool2d', xLike, 'x');
  try {
    requireNhwc('globalMaxPool2d', c.t);
    return max(c.t, [1, 2]);
  } finally {
    if (c.owned) c.t.dispose();
  }
}
