import type { TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { PARALLEL_ELEMENTS } from './layout.js';

type T = TensorInfo<WasmBuffer>;

export function softmax(ctx: KernelContext, x: T, outer: number, n: number, log: boolean): WasmBuffer {
  const out = ctx.output(outer * n, 'float32', log ? 'logSoftmax' : 'softmax');
  if (outer * n === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = x.buffer.ptr;
  w[a + 1] = out.ptr;
  w[a + 2] = outer;
  w[a + 3] = n;
  w[a + 4] = log ? 1 : 0;
  rt.run('softmax', outer * n >= PARALLEL_ELEMENTS / 4);
  return out;
}

export function batchNorm(ctx: KernelContext, x: T, mean: T, variance: T, scale: T | null, offset: T | null, epsilon: number): WasmBuffer {
  const out = ctx.output(x.size, 'float32', 'batchNorm');
  const c = x.shape[x.shape.length - 1] ?? 1;
  if (x.size === 0 || c === 0) return out;
  const { rt } = ctx;
  rt.scratch('batchNorm', 0, 3 * c * 4);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = x.buffer.ptr;
  w[a + 1] = mean.buffer.ptr;
  w[a + 2] = variance.buffer.ptr;
  w[a + 3] = scale ? scale.buffer.ptr : 0;
  w[a + 4] = offset ? offset.buffer.ptr : 0;
  w[a + 5] = out.ptr;
  w[a + 6] = x.size;
  w[a + 7] = c;
  rt.setF32(8, epsilon);
  rt.run('batch_norm', x.size >= PARALLEL_ELEMENTS);
  return out;
}

export function randomUniform(ctx: KernelContext, size: number, key: readonly [number, number],
  counter: readonly [number, number, number, number]): WasmBuffer {
  const out = ctx.output(size, 'float32', 'randomUniform');
  if (size === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = out.ptr;
  w[a + 1] = size;
  w[a + 2] = key[0] | 0;
  w[a + 3] = key[1] | 0;
  for (let i = 0; i < 4; i++) w[a + 4 + i] = counter[i] | 0;
  rt.run('random_uniform', size >= PARALLEL_ELEMENTS / 4);
  return out;
}
