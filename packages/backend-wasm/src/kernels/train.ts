import type { AdamStepOptions, AdamStepResult, FusedActivation, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { ACTIVATION_CODES } from './codes.js';
import { PARALLEL_ELEMENTS } from './layout.js';

type T = TensorInfo<WasmBuffer>;

/** dy * f'(y) of a fused activation in one pass (rust/src/train.rs). */
export function activationGrad(ctx: KernelContext, dy: T, y: T, activation: FusedActivation): WasmBuffer {
  const out = ctx.output(dy.size, 'float32', 'activationGrad');
  if (dy.size === 0) return out;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = dy.buffer.ptr;
  w[a + 1] = y.buffer.ptr;
  w[a + 2] = out.ptr;
  w[a + 3] = dy.size;
  w[a + 4] = ACTIVATION_CODES[activation];
  rt.run('activation_grad', dy.size >= PARALLEL_ELEMENTS);
  return out;
}

/** One Adam step into four (three without AMSGrad) new buffers, one pass (rust/src/train.rs). */
export function adamStep(ctx: KernelContext, param: T, grad: T, m: T, v: T, vmax: T | null, o: AdamStepOptions): AdamStepResult<WasmBuffer> {
  const n = param.size;
  const result = {
    param: ctx.output(n, 'float32', 'adamStep'),
    m: ctx.output(n, 'float32', 'adamStep'),
    v: ctx.output(n, 'float32', 'adamStep'),
    vmax: vmax ? ctx.output(n, 'float32', 'adamStep') : null,
  };
  if (n === 0) return result;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  [param, grad, m, v].forEach((t, i) => { w[a + i] = t.buffer.ptr; });
  w[a + 4] = vmax ? vmax.buffer.ptr : 0;
  w[a + 5] = result.param.ptr;
  w[a + 6] = result.m.ptr;
  w[a + 7] = result.v.ptr;
  w[a + 8] = result.vmax ? result.vmax.ptr : 0;
  w[a + 9] = n;
  // The scalars exactly as the reference decomposition's float32 scalar tensors hold them.
  [o.beta1, 1 - o.beta1, o.beta2, 1 - o.beta2, o.epsilon, o.stepSize, o.correction2].forEach((x, i) => rt.setF32(10 + i, x));
  rt.run('adam_step', n >= PARALLEL_ELEMENTS / 4);
  return result;
}
