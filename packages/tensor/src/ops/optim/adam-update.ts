import type { AdamStepOptions } from '../../backend/backend.js';
import { ENGINE } from '../../engine.js';
import { fail } from '../../errors.js';
import { callKernel, infoOf } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import type { Variable } from '../../variable.js';
import { adamStep, checkAdamStep } from './adam-step.js';

// variable.ts imports the Tensor class, which imports the ops: test the brand, not the class.
const isVariable = (t: unknown): t is Variable =>
  typeof t === 'object' && t !== null && (t as Record<symbol, unknown>)[Symbol.for('tessera.variable')] === true;

export interface AdamUpdateVariables {
  readonly param: Variable;
  readonly m: Variable;
  readonly v: Variable;
  /** The running maximum of v (AMSGrad), or null. */
  readonly vmax: Variable | null;
}

/**
 * One Adam update applied to the variables themselves: afterwards param, m, v (and vmax) hold
 * what `adamStep` computes from them and `grad`. Where the backend has `adamStepInPlace` and each
 * variable is the only handle on its buffer, one kernel overwrites the buffers (no new buffers
 * to allocate, wrap, assign and free, which is most of an update's cost for small variables);
 * otherwise `adamStep`'s results are assigned. The values are the same either way.
 *
 * ```ts
 * adamUpdate({ param: w, m, v, vmax: null }, grad, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, stepSize: 0.01, correction2: 0.0316 });
 * ```
 */
export function adamUpdate(state: AdamUpdateVariables, grad: Tensor, options: AdamStepOptions): void {
  const op = 'adamUpdate';
  const { param, m, v, vmax } = state;
  const targets = vmax ? [param, m, v, vmax] : [param, m, v];
  targets.forEach((t, i) => {
    if (!isVariable(t)) fail(op, `${['param', 'm', 'v', 'vmax'][i]} must be a Variable`);
  });
  checkAdamStep(op, state, grad, options);
  const backend = ENGINE.backend();
  const storages = new Set(targets.map((t) => t.storage));
  const exclusive = storages.size === targets.length && !storages.has(grad.storage)
    && targets.every((t) => t.storage.refs === 1 && t.storage.backend === backend);
  if (backend.adamStepInPlace && exclusive) {
    const inputs = [param, grad, m, v, ...(vmax ? [vmax] : [])].map((t) => infoOf(op, t, backend));
    callKernel('adamStep', inputs, param.shape, () => backend.adamStepInPlace!(inputs[0], inputs[1], inputs[2], inputs[3], vmax ? inputs[4] : null, options));
    return;
  }
  tidy(() => {
    const next = adamStep(state, grad, options);
    m.assign(next.m);
    v.assign(next.v);
    if (vmax && next.vmax) vmax.assign(next.vmax);
    param.assign(next.param);
  });
}
