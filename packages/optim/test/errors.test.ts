import { beforeAll, describe, expect, it } from 'vitest';
import { TesseraError, tensor, variable, type Tensor, type Variable } from '@tessera/tensor';
import {
  Adagrad, Adam, AdamW, Rmsprop, Sgd, cosineDecay, exponentialDecay, getOptimizer, inverseTimeDecay,
  makeSchedule, scheduleFromConfig, stepDecay, constant,
} from '../src/index.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);

function throwsTessera(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error, `expected a TesseraError matching ${message}`).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

function owned(values: number[], shape: number[], name: string): Variable {
  const init = tensor(values, shape);
  const v = variable(init, { name });
  init.dispose();
  return v;
}

describe('hyperparameters', () => {
  it('names the option and the value', () => {
    throwsTessera(() => new Adam({ learningRate: -0.1 }), /^adam: learningRate must be a finite number >= 0, got -0.1$/);
    throwsTessera(() => new Adam({ learningRate: Number.NaN }), /^adam: learningRate .* got NaN/);
    throwsTessera(() => new Adam({ beta1: 1 }), /^adam: beta1 must be a finite number in \[0, 1\), got 1$/);
    throwsTessera(() => new AdamW({ beta2: -0.5 }), /^adamw: beta2 must be .* got -0.5$/);
    throwsTessera(() => new Adam({ epsilon: -1 }), /^adam: epsilon must be .* got -1$/);
    throwsTessera(() => new Adam({ amsgrad: 'yes' as unknown as boolean }), /^adam: amsgrad must be true or false, got "yes"$/);
    throwsTessera(() => new Sgd({ momentum: -0.9 }), /^sgd: momentum must be .* got -0.9$/);
    throwsTessera(() => new Sgd({ dampening: 2 }), /^sgd: dampening must be a finite number in \[0, 1\], got 2$/);
    throwsTessera(() => new Sgd({ nesterov: true }), /^sgd: nesterov needs momentum > 0 and dampening 0, got momentum 0/);
    throwsTessera(() => new Sgd({ momentum: 0.9, dampening: 0.1, nesterov: true }), /dampening 0.1$/);
    throwsTessera(() => new Sgd({ weightDecay: -1e-4 }), /^sgd: weightDecay must be .* got -0.0001$/);
    throwsTessera(() => new Rmsprop({ rho: 1.5 }), /^rmsprop: rho must be a finite number in \[0, 1\), got 1.5$/);
    throwsTessera(() => new Rmsprop({ centered: 1 as unknown as boolean }), /^rmsprop: centered must be true or false, got 1$/);
    throwsTessera(() => new Adagrad({ initialAccumulatorValue: -0.1 }), /^adagrad: initialAccumulatorValue must be .* got -0.1$/);
  });

  it('rejects unknown optimizers and unknown options', () => {
    throwsTessera(() => getOptimizer('adamax'), /^getOptimizer: unknown optimizer "adamax" \(known: sgd, adagrad, rmsprop, adam, adamw\)$/);
    throwsTessera(() => getOptimizer({ name: 'nadam' }), /unknown optimizer "nadam"/);
    throwsTessera(() => getOptimizer(42 as unknown as string), /^getOptimizer: expects an optimizer name/);
    throwsTessera(() => getOptimizer({ name: 'adam', lr: 0.1 }), /^adam: unknown option "lr" \(known: learningRate, /);
    throwsTessera(() => getOptimizer({ name: 'sgd', learningRate: { name: 'linear' } }), /^scheduleFromConfig: unknown schedule "linear"/);
  });

  it('rejects a function without a config as learning rate, and a bad assignment later', () => {
    throwsTessera(() => new Sgd({ learningRate: ((t: number) => 1 / (t + 1)) as never }), /^sgd: learningRate must be a number >= 0 or a schedule \(a function with a config\), got a function without config$/);
    const opt = new Sgd();
    throwsTessera(() => { opt.learningRate = -1; }, /^sgd: learningRate must be a finite number >= 0, got -1$/);
    expect(opt.learningRate).toBe(0.01);
  });

  it('schedule options are checked', () => {
    throwsTessera(() => stepDecay({ initialLearningRate: 0.1, stepSize: 0 }), /^stepDecay: stepSize must be an integer >= 1, got 0$/);
    throwsTessera(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), /^exponentialDecay: decaySteps must be a finite number > 0, got 0$/);
    throwsTessera(() => inverseTimeDecay({ initialLearningRate: -1, decaySteps: 1, decayRate: 0.5 }), /^inverseTimeDecay: initialLearningRate must be .* got -1$/);
    throwsTessera(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 }), /^cosineDecay: alpha must be a finite number in \[0, 1\], got 2$/);
    throwsTessera(() => constant({ learningRate: 0.1, decay: 1 } as never), /^constant: unknown option "decay"/);
    throwsTessera(() => scheduleFromConfig({} as never), /^scheduleFromConfig: expects an object with a "name"/);
  });

  it('a schedule giving a bad rate stops the step with the iteration named', () => {
    const broken = makeSchedule((t) => (t < 2 ? 0.1 : Number.NaN), { name: 'custom' });
    const opt = new Sgd({ learningRate: broken });
    const w = owned([1], [1], 'w');
    const g = tensor([1]);
    opt.applyGradients([w], [g]);
    opt.applyGradients([w], [g]);
    throwsTessera(() => opt.applyGradients([w], [g]), /^sgd: learningRate schedule "custom" gave NaN at iteration 2$/);
    expect(opt.iterations).toBe(2);
    w.dispose(); g.dispose();
  });
});

describe('applyGradients', () => {
  let w: Variable, b: Variable, gw: Tensor, gb: Tensor;
  beforeAll(() => {
    w = owned([1, 2, 3, 4, 5, 6], [2, 3], 'dense/kernel');
    b = owned([0, 0, 0], [3], 'dense/bias');
    gw = tensor([1, 1, 1, 1, 1, 1], [3, 2]);
    gb = tensor([1, 1, 1]);
  });

  it('checks every input before changing anything', async () => {
    const opt = new Adam();
    throwsTessera(() => opt.applyGradients([b, w], [gb, gw]), /^applyGradients: gradient for dense\/kernel has shape \[3,2\], the variable has \[2,3\]$/);
    throwsTessera(() => opt.applyGradients([w, b], [gb]), /^applyGradients: got 2 variables but 1 gradients$/);
    throwsTessera(() => opt.applyGradients([gb as Variable], [gb]), /^applyGradients: variables\[0\] is not a Variable$/);
    throwsTessera(() => opt.applyGradients([b, b], [gb, gb]), /^applyGradients: two variables are named "dense\/bias"/);
    throwsTessera(() => opt.applyGradients([b], [null as unknown as Tensor]), /^applyGradients: gradient 0 \(for dense\/bias\) is not a live tensor$/);
    const ints = tensor([1, 2, 3], [3], 'int32');
    throwsTessera(() => opt.applyGradients([b], [ints]), /^applyGradients: gradient for dense\/bias is int32, expected float32$/);
    ints.dispose();
    expect(opt.iterations).toBe(0);
    expect(Array.from(b.dataSync())).toEqual([0, 0, 0]);
    expect((await opt.getState()).slots).toEqual({});
  });

  it('a saved slot whose shape does not fit the variable is refused', () => {
    const opt = new Sgd({ momentum: 0.9 });
    opt.setState({ name: 'sgd', config: {}, iterations: 1, slots: { 'dense/bias': { momentum_buffer: { shape: [2], data: [1, 2] } } } });
    throwsTessera(() => opt.applyGradients([b], [gb]), /^applyGradients: slot momentum_buffer of dense\/bias has shape \[2\], the variable has \[3\]$/);
    opt.dispose();
  });
});

describe('setState', () => {
  it('refuses states that do not belong to this optimizer', () => {
    const opt = new Adam();
    const base = { name: 'adam', config: {}, iterations: 1 };
    throwsTessera(() => opt.setState({ ...base, name: 'sgd', slots: {} }), /^setState: state is for optimizer "sgd", this optimizer is "adam"$/);
    throwsTessera(() => opt.setState({ ...base, iterations: -1, slots: {} }), /^setState: iterations must be an integer >= 0, got -1$/);
    throwsTessera(() => opt.setState({ ...base, slots: { w: { exp_avg: { shape: [2], data: [1] } } } }), /^setState: slot "exp_avg" of "w" has 1 values for shape \[2\] \(needs 2\)$/);
    throwsTessera(() => opt.setState({ ...base, slots: { w: { exp_avg: { shape: [1], data: ['x' as unknown as number] } } } }), /^setState: slot "exp_avg" of "w" value 0 is "x", not a number$/);
    throwsTessera(() => opt.setState({ ...base, slots: { w: { max_exp_avg_sq: { shape: [1], data: [1] } } } }), /^setState: slot "max_exp_avg_sq" of "w" is not kept by adam with this configuration \(it keeps: exp_avg, exp_avg_sq\)$/);
    throwsTessera(() => opt.setState({ ...base, slots: { w: { step: { shape: [1], data: [1] } } } }), /^setState: slot "step" of "w" must be a scalar integer >= 0/);
    expect(opt.iterations).toBe(0);
  });
});
