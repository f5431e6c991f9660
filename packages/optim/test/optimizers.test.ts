import { beforeAll, describe, expect, it } from 'vitest';
import { memory, tensor, variable, type Variable } from '@tessera/tensor';
import { getOptimizer, Sgd, Adam, stepDecay, type Optimizer, type OptimizerSpec } from '../src/index.js';
import { useJsBackend } from './backend.js';
import { expectClose, refStep, values, type RefConfig } from './reference.js';

beforeAll(useJsBackend);

/** Tessera options for a reference config. */
function optionsOf(c: RefConfig): OptimizerSpec {
  const { name, lr, ...rest } = c;
  return { name, learningRate: lr, ...rest };
}

const CONFIGS: readonly RefConfig[] = [
  { name: 'sgd', lr: 0.1 },
  { name: 'sgd', lr: 0.05, momentum: 0.9 },
  { name: 'sgd', lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01 },
  { name: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.3 },
  { name: 'adagrad', lr: 0.1 },
  { name: 'adagrad', lr: 0.1, initialAccumulatorValue: 0.1, epsilon: 1e-7, weightDecay: 0.02 },
  { name: 'rmsprop', lr: 0.01, rho: 0.9 },
  { name: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0.9, centered: true, weightDecay: 0.01 },
  { name: 'adam', lr: 0.01 },
  { name: 'adam', lr: 0.02, beta1: 0.8, beta2: 0.99, amsgrad: true, weightDecay: 0.01 },
  { name: 'adamw', lr: 0.01 },
  { name: 'adamw', lr: 0.05, weightDecay: 0.1, amsgrad: true },
];

const SHAPES = [[3, 4], [5]] as const;

/** A variable that owns its buffer (the initial tensor is disposed). */
function owned(values: number[], shape: readonly number[], name: string): Variable {
  const init = tensor(values, [...shape]);
  const v = variable(init, { name });
  init.dispose();
  return v;
}

function makeVariables(prefix: string): Variable[] {
  return SHAPES.map((shape, k) => owned(values(shape.reduce((a, b) => a * b, 1), 11 + k), shape, `${prefix}/${k}`));
}

describe('update rules against an independent float64 reference', () => {
  for (const c of CONFIGS) {
    it(`${c.name} ${JSON.stringify(optionsOf(c))}`, async () => {
      const opt = getOptimizer(optionsOf(c));
      const vars = makeVariables('w');
      const ref = vars.map((v) => Array.from(v.dataSync()));
      const refState = vars.map(() => ({} as Record<string, number[]>));
      for (let t = 1; t <= 6; t++) {
        const gradValues = vars.map((v, k) => values(v.size, 100 * t + k));
        const grads = gradValues.map((g, k) => tensor(g, [...vars[k].shape]));
        opt.applyGradients(vars, grads);
        grads.forEach((g) => g.dispose());
        vars.forEach((_, k) => { ref[k] = refStep(c, ref[k], gradValues[k], refState[k], t); });
        vars.forEach((v, k) => expectClose(v.dataSync(), ref[k]));
      }
      expect(opt.iterations).toBe(6);
      const state = await opt.getState();
      vars.forEach((v, k) => {
        const slots = state.slots[v.name];
        expect(Object.keys(slots).sort()).toEqual(['step', ...Object.keys(refState[k])].sort());
        expect(slots.step.data).toEqual([6]);
        for (const [name, want] of Object.entries(refState[k])) {
          expect(slots[name].shape).toEqual([...v.shape]);
          expectClose(slots[name].data, want);
        }
      });
      opt.dispose();
      vars.forEach((v) => v.dispose());
    });
  }
});

describe('frozen variables', () => {
  it('keep no state and do not move; when unfrozen they start their own step count', async () => {
    const c: RefConfig = { name: 'adam', lr: 0.01 };
    const opt = getOptimizer(optionsOf(c));
    const [a, b] = makeVariables('m');
    const bBefore = Array.from(b.dataSync());
    let refA = Array.from(a.dataSync());
    const stA: Record<string, number[]> = {};
    for (let t = 1; t <= 3; t++) {
      const g = values(a.size, t);
      const gt = tensor(g, [...a.shape]);
      opt.applyGradients([a], [gt]);
      gt.dispose();
      refA = refStep(c, refA, g, stA, t);
    }
    expect(Object.keys((await opt.getState()).slots)).toEqual(['m/0']);
    expect(Array.from(b.dataSync())).toEqual(bBefore);

    // Unfreeze b: its bias correction uses its own step 1 (torch keeps a step per parameter).
    const gb = values(b.size, 9), ga = values(a.size, 10);
    const [ta, tb] = [tensor(ga, [...a.shape]), tensor(gb, [...b.shape])];
    opt.applyGradients([a, b], [ta, tb]);
    ta.dispose(); tb.dispose();
    expectClose(a.dataSync(), refStep(c, refA, ga, stA, 4));
    expectClose(b.dataSync(), refStep(c, bBefore, gb, {}, 1));
    const state = await opt.getState();
    expect(state.slots['m/0'].step.data).toEqual([4]);
    expect(state.slots['m/1'].step.data).toEqual([1]);
    expect(state.iterations).toBe(4);
    opt.dispose(); a.dispose(); b.dispose();
  });
});

describe('memory', () => {
  const run = (opt: Optimizer) => {
    const vars = makeVariables('mem');
    const grads = vars.map((v, k) => tensor(values(v.size, k + 1), [...v.shape]));
    opt.applyGradients(vars, grads); // creates the slots
    const before = memory();
    for (let i = 0; i < 25; i++) opt.applyGradients(vars, grads);
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    const withSlots = memory().numTensors;
    opt.dispose();
    return { vars, grads, withSlots };
  };

  for (const spec of [
    { name: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 1e-3 }, { name: 'adagrad' },
    { name: 'rmsprop', momentum: 0.5, centered: true }, { name: 'adam', amsgrad: true, weightDecay: 1e-3 }, { name: 'adamw' },
  ]) {
    it(`${JSON.stringify(spec)} leaks no tensor over many steps and frees its slots on dispose`, () => {
      const start = memory().numTensors;
      const { vars, grads, withSlots } = run(getOptimizer(spec));
      const slotCount = withSlots - memory().numTensors;
      const perVariable = { sgd: 1, adagrad: 1, rmsprop: 3, adam: 3, adamw: 2 }[spec.name]!;
      expect(slotCount).toBe(perVariable * vars.length);
      vars.forEach((v) => v.dispose());
      grads.forEach((g) => g.dispose());
      expect(memory().numTensors).toBe(start);
    });
  }
});

describe('learning rate', () => {
  it('a schedule is evaluated at the iteration count, and a number can replace it', () => {
    const schedule = stepDecay({ initialLearningRate: 0.1, stepSize: 2, gamma: 0.5 });
    const opt = new Sgd({ learningRate: schedule });
    const w = variable(tensor([1, 2]), { name: 'w' });
    const g = tensor([1, -1]);
    const seen: number[] = [];
    let ref = [1, 2];
    for (let t = 0; t < 5; t++) {
      const lr = opt.currentLearningRate();
      seen.push(lr);
      opt.applyGradients([w], [g]);
      ref = ref.map((p, i) => p - lr * [1, -1][i]);
    }
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expectClose(w.dataSync(), ref);
    opt.learningRate = 1;
    expect(opt.currentLearningRate()).toBe(1);
    opt.applyGradients([w], [g]);
    expectClose(w.dataSync(), [ref[0] - 1, ref[1] + 1]);
    expect(opt.getConfig().learningRate).toBe(1);
    w.dispose(); g.dispose();
  });

  it('AdamW decays with the scheduled rate, before the Adam step', () => {
    const opt = getOptimizer({ name: 'adamw', learningRate: { name: 'exponentialDecay', initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }, weightDecay: 0.5 });
    const w = variable(tensor([2]), { name: 'w' });
    const g = tensor([0]);
    // With a zero gradient the Adam part is 0, so only the decoupled decay moves the weight.
    opt.applyGradients([w], [g]);
    opt.applyGradients([w], [g]);
    expectClose(w.dataSync(), [2 * (1 - 0.1 * 0.5) * (1 - 0.05 * 0.5)]);
    w.dispose(); g.dispose();
  });

  it('Adam with weightDecay adds an L2 term to the gradient instead', () => {
    const opt = new Adam({ learningRate: 0.1, weightDecay: 0.5 });
    const w = variable(tensor([2]), { name: 'w' });
    const g = tensor([0]);
    opt.applyGradients([w], [g]);
    // g' = 0.5*2 = 1; first Adam step moves by lr * sign(g') (up to eps).
    expectClose(w.dataSync(), [1.9]);
    w.dispose(); g.dispose();
  });
});

describe('configs', () => {
  for (const spec of [
    { name: 'sgd', learningRate: 0.3, momentum: 0.5, nesterov: true },
    { name: 'adagrad', initialAccumulatorValue: 0.1 },
    { name: 'rmsprop', rho: 0.9, centered: true },
    { name: 'adam', amsgrad: true, learningRate: { name: 'cosineDecay', initialLearningRate: 0.01, decaySteps: 100, alpha: 0.1 } },
    { name: 'AdamW', weightDecay: 0.05 },
  ]) {
    it(`${spec.name} is re-created from its config`, () => {
      const opt = getOptimizer(spec);
      const config = JSON.parse(JSON.stringify(opt.getConfig())) as Record<string, unknown>;
      const again = getOptimizer({ name: opt.name, ...config });
      expect(again.getConfig()).toEqual(opt.getConfig());
      expect(again.name).toBe(spec.name.toLowerCase());
      for (const [k, v] of Object.entries(spec)) if (k !== 'name' && typeof v !== 'object') expect(config[k]).toBe(v);
    });
  }

  it('uses torch defaults', () => {
    expect(getOptimizer('adam').getConfig()).toEqual({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, amsgrad: false });
    expect(getOptimizer('adamw').getConfig().weightDecay).toBe(0.01);
    expect(getOptimizer('adagrad').getConfig()).toEqual({ learningRate: 0.01, initialAccumulatorValue: 0, epsilon: 1e-10, weightDecay: 0 });
    expect(getOptimizer('rmsprop').getConfig()).toEqual({ learningRate: 0.01, rho: 0.99, epsilon: 1e-8, momentum: 0, centered: false, weightDecay: 0 });
    expect(getOptimizer('sgd').getConfig()).toEqual({ learningRate: 0.01, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 });
  });
});
