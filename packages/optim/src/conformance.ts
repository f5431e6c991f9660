/**
 * Handlers for the optimizer fixture suite (torch.optim trajectories). Each case gives initial
 * parameters and a list of gradients; the handler applies them one step each with the optimizer
 * under test and returns the parameters after every step and torch's `state` for the parameter.
 * Everything is read from the case, so other fixture files of this format run unchanged.
 */
import type { CaseContext, Handler, HandlerTable } from '@tessera/conformance';
import { tensor, variable, type Tensor } from '@tessera/tensor';
import { getOptimizer } from './registry.js';
import { inverseTimeDecay } from './schedules/inverse-time-decay.js';
import type { SlotValue } from './state.js';

interface RawTensor {
  readonly shape: readonly number[];
  readonly data: readonly (number | string)[];
}

function decode(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`optimizer fixture: not a number: ${JSON.stringify(value)}`);
}

function toTensor(raw: RawTensor): Tensor {
  return tensor(raw.data.map(decode), [...raw.shape], 'float32');
}

// torch keyword -> Tessera option. Options that do not change the arithmetic are accepted only
// with their neutral value; anything else fails the case loudly instead of being ignored.
const RENAMED: Readonly<Record<string, string>> = {
  lr: 'learningRate', momentum: 'momentum', dampening: 'dampening', nesterov: 'nesterov',
  weight_decay: 'weightDecay', initial_accumulator_value: 'initialAccumulatorValue', eps: 'epsilon',
  alpha: 'rho', centered: 'centered', amsgrad: 'amsgrad',
};
const NEUTRAL: Readonly<Record<string, unknown>> = { maximize: false, foreach: null, capturable: false, differentiable: false, fused: null };

function optionsFromTorch(op: string, attrs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  let lrDecay = 0;
  for (const [key, value] of Object.entries(attrs)) {
    if (key in RENAMED) options[RENAMED[key]] = value;
    else if (key === 'betas') {
      const [b1, b2] = value as [number, number];
      options.beta1 = b1;
      options.beta2 = b2;
    } else if (key === 'lr_decay' && op === 'adagrad') lrDecay = value as number;
    else if (key in NEUTRAL && (value === NEUTRAL[key] || value === null || value === false)) continue;
    else throw new Error(`${op}: torch option ${key}=${JSON.stringify(value)} is not supported`);
  }
  if (lrDecay !== 0) {
    // torch Adagrad: clr = lr / (1 + (step - 1) * lr_decay), i.e. 1/t decay over iterations.
    options.learningRate = inverseTimeDecay({
      initialLearningRate: (options.learningRate as number | undefined) ?? 0.01, decaySteps: 1, decayRate: lrDecay,
    });
  }
  return options;
}

const slotTensor = (s: SlotValue) => tensor(s.data, s.shape, 'float32');

/** torch's `optimizer.state[param]` layout for each algorithm. */
function torchState(op: string, slots: Readonly<Record<string, SlotValue>> | undefined): Record<string, unknown> {
  const entry = slots ?? {};
  if (op === 'sgd') {
    // torch keeps momentum_buffer = None when momentum is 0.
    return { momentum_buffer: entry.momentum_buffer ? slotTensor(entry.momentum_buffer) : null };
  }
  const state: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry)) {
    state[name] = name === 'step' ? value.data[0] : slotTensor(value);
  }
  return state;
}

function trajectory(op: string): Handler {
  return async (ctx: CaseContext) => {
    const optimizer = getOptimizer({ name: op, ...optionsFromTorch(op, ctx.attrs) });
    const initial = ctx.tensor('params');
    const param = variable(initial, { name: 'params' });
    const after: Tensor[] = [];
    try {
      for (const raw of ctx.input('grads') as RawTensor[]) {
        const g = ctx.track(toTensor(raw));
        optimizer.applyGradients([param], [g]);
        after.push(ctx.track(param.clone()));
      }
      const state = await optimizer.getState();
      return { outputs: { params_after_step: after, final_state: torchState(op, state.slots.params) } };
    } finally {
      optimizer.dispose();
      param.dispose();
    }
  };
}

/** One handler per torch optimizer the fixtures name (`op` field). */
export const optimizerHandlers: HandlerTable = {
  sgd: trajectory('sgd'),
  adagrad: trajectory('adagrad'),
  rmsprop: trajectory('rmsprop'),
  adam: trajectory('adam'),
  adamw: trajectory('adamw'),
};

export default optimizerHandlers;
