import type { AdamStepOptions } from '../../backend/backend.js';
import { ENGINE } from '../../engine.js';
import { fail, fmtShape } from '../../errors.js';
import { callKernel, fromBuffer, infoOf } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { add, sub } from '../elementwise/add.js';
import { div } from '../elementwise/div.js';
import { maximum } from '../elementwise/maximum.js';
import { mul } from '../elementwise/mul.js';
import { sqrt } from '../elementwise/sqrt.js';
import { square } from '../elementwise/square.js';

export type { AdamStepOptions } from '../../backend/backend.js';

export interface AdamStepTensors {
  readonly param: Tensor;
  readonly m: Tensor;
  readonly v: Tensor;
  /** The running maximum of v (AMSGrad), or null. */
  readonly vmax: Tensor | null;
}

/**
 * One Adam update, as new tensors (nothing is assigned): `m' = m*beta1 + g*(1-beta1)`,
 * `v' = v*beta2 + g^2*(1-beta2)`, `s = vmax ? maximum(vmax, v') : v'`,
 * `param' = param - m' / (sqrt(s)/correction2 + epsilon) * stepSize` (torch's rule, with
 * `stepSize = lr/(1-beta1^t)` and `correction2 = sqrt(1-beta2^t)`); `vmax' = s`. Not
 * differentiable. One kernel where the backend has `adamStep`, else the composition below,
 * which the kernel matches bit for bit (except that it may flush subnormal moments to zero:
 * see `Backend.adamStep`). `@tessera/optim`'s Adam and AdamW run on it.
 *
 * ```ts
 * const next = adamStep({ param: w, m, v, vmax: null }, grad, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, stepSize: 0.01, correction2: 0.0316 });
 * w.assign(next.param);
 * ```
 */
export function adamStep(state: AdamStepTensors, grad: Tensor, options: AdamStepOptions): AdamStepTensors {
  const op = 'adamStep';
  checkAdamStep(op, state, grad, options);
  const { param, m, v, vmax } = state;
  const backend = ENGINE.backend();
  if (!backend.adamStep) return adamStepReference(state, grad, options);
  const inputs = [param, grad, m, v, ...(vmax ? [vmax] : [])].map((t) => infoOf(op, t, backend));
  const out = callKernel(op, inputs, param.shape, () => backend.adamStep!(inputs[0], inputs[1], inputs[2], inputs[3], vmax ? inputs[4] : null, options));
  const wrap = (b: object) => fromBuffer(b, param.shape, 'float32', backend);
  return { param: wrap(out.param), m: wrap(out.m), v: wrap(out.v), vmax: out.vmax ? wrap(out.vmax) : null };
}

export function checkAdamStep(op: string, state: AdamStepTensors, grad: Tensor, options: AdamStepOptions): void {
  const { param, m, v, vmax } = state;
  for (const [name, t] of [['param', param], ['grad', grad], ['m', m], ['v', v], ['vmax', vmax]] as const) {
    if (t === null) continue;
    if (t.isDisposed) fail(op, `${name} has been disposed`);
    if (t.dtype !== 'float32') fail(op, `${name} must be float32, got ${t.dtype}`);
    if (t.shape.length !== param.shape.length || t.shape.some((d, i) => d !== param.shape[i])) {
      fail(op, `${name} has shape ${fmtShape(t.shape)}, param has ${fmtShape(param.shape)}`);
    }
  }
  for (const key of ['beta1', 'beta2', 'epsilon', 'stepSize', 'correction2'] as const) {
    if (typeof options[key] !== 'number' || !Number.isFinite(options[key])) fail(op, `${key} must be a finite number, got ${options[key]}`);
  }
}

/** The reference decomposition of `adamStep` (what a backend without the kernel runs). */
export function adamStepReference(state: AdamStepTensors, grad: Tensor, options: AdamStepOptions): AdamStepTensors {
  const { beta1, beta2, epsilon, stepSize, correction2 } = options;
  return tidy(() => {
    const m = add(mul(state.m, beta1), mul(grad, 1 - beta1));
    const v = add(mul(state.v, beta2), mul(square(grad), 1 - beta2));
    const second = state.vmax ? maximum(state.vmax, v) : v;
    const denom = add(div(sqrt(second), correction2), epsilon);
    const param = sub(state.param, mul(div(m, denom), stepSize));
    return { param, m, v, vmax: state.vmax ? second : null };
  });
}
