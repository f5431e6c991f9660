import type { AdamStepOptions, AdamStepResult, FusedActivation, SoftmaxCrossEntropyResult, TensorInfo } from '@tessera/tensor';
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
  runAdam(ctx, [param, grad, m, v, vmax], [result.param.ptr, result.m.ptr, result.v.ptr, result.vmax ? result.vmax.ptr : 0], n, o);
  return result;
}

/**
 * The same step written over param, m, v and vmax: the kernel reads every input element of a
 * group before it stores that group, so outputs may be the inputs.
 */
export function adamStepInPlace(ctx: KernelContext, param: T, grad: T, m: T, v: T, vmax: T | null, o: AdamStepOptions): void {
  runAdam(ctx, [param, grad, m, v, vmax], [param.buffer.ptr, m.buffer.ptr, v.buffer.ptr, vmax ? vmax.buffer.ptr : 0], param.size, o);
}

function runAdam(ctx: KernelContext, inputs: readonly [T, T, T, T, T | null], outputs: readonly number[], n: number, o: AdamStepOptions): void {
  if (n === 0) return;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  for (let i = 0; i < 5; i++) w[a + i] = inputs[i] ? inputs[i]!.buffer.ptr : 0;
  for (let i = 0; i < 4; i++) w[a + 5 + i] = outputs[i];
  w[a + 9] = n;
  // The scalars exactly as the reference decomposition's float32 scalar tensors hold them.
  [o.beta1, 1 - o.beta1, o.beta2, 1 - o.beta2, o.epsilon, o.stepSize, o.correction2].forEach((x, i) => rt.setF32(10 + i, x));
  rt.run('adam_step', n >= PARALLEL_ELEMENTS / 4);
}

/** The softmax cross-entropy loss and, when asked for, its logits gradient and accuracy (rust/src/softmax_xent.rs). */
export function softmaxCrossEntropy(ctx: KernelContext, logits: T, labels: T, rows: number, classes: number, scale: number,
  withGrad: boolean, withAccuracy: boolean): SoftmaxCrossEntropyResult<WasmBuffer> {
  const loss = ctx.output(1, 'float32', 'softmaxCrossEntropy');
  const grad = withGrad ? ctx.output(rows * classes, 'float32', 'softmaxCrossEntropy') : null;
  const accuracy = withAccuracy ? ctx.output(1, 'float32', 'softmaxCrossEntropy') : null;
  const { rt } = ctx;
  const w = rt.args();
  const a = rt.argBase;
  w[a] = logits.buffer.ptr;
  w[a + 1] = labels.buffer.ptr;
  w[a + 2] = loss.ptr;
  w[a + 3] = grad ? grad.ptr : 0;
  w[a + 4] = rows;
  w[a + 5] = classes;
  rt.setF32(6, scale);
  w[a + 7] = accuracy ? accuracy.ptr : 0;
  rt.run('softmax_xent', false);
  return { loss, grad, accuracy };
}
