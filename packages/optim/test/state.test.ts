import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, variable, type Variable } from '@tessera/tensor';
import { getOptimizer, optimizerFromState, type OptimizerSpec, type OptimizerState } from '../src/index.js';
import { useJsBackend } from './backend.js';
import { values } from './reference.js';

beforeAll(useJsBackend);

function owned(data: ArrayLike<number>, shape: readonly number[], name: string): Variable {
  const init = tensor(Float32Array.from(data), [...shape]);
  const v = variable(init, { name });
  init.dispose();
  return v;
}

const SHAPES: readonly (readonly number[])[] = [[4, 3], [3], [2, 2, 2]];

function trainSteps(opt: ReturnType<typeof getOptimizer>, vars: Variable[], from: number, to: number): void {
  for (let t = from; t < to; t++) {
    const grads = vars.map((v, k) => tensor(values(v.size, 1000 * t + k), [...v.shape]));
    opt.applyGradients(vars, grads);
    grads.forEach((g) => g.dispose());
  }
}

const bits = (v: Variable) => Array.from(new Uint32Array(Float32Array.from(v.dataSync()).buffer));

describe('state round trip', () => {
  const specs: OptimizerSpec[] = [
    { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
    { name: 'adagrad', learningRate: { name: 'inverseTimeDecay', initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.3 } },
    { name: 'rmsprop', momentum: 0.5, centered: true },
    { name: 'adam', amsgrad: true, learningRate: { name: 'cosineDecay', initialLearningRate: 0, warmupTarget: 0.01, warmupSteps: 3, decaySteps: 10 } },
    { name: 'adamw', learningRate: 0.01 },
  ];

  for (const spec of specs) {
    it(`${JSON.stringify(spec)}: save after 5 steps, reload through JSON, continue bit-identically`, async () => {
      const straight = getOptimizer(spec);
      const a = SHAPES.map((s, k) => owned(values(s.reduce((x, y) => x * y, 1), k + 1), s, `layer/${k}`));
      trainSteps(straight, a, 0, 12);

      const first = getOptimizer(spec);
      const b = SHAPES.map((s, k) => owned(values(s.reduce((x, y) => x * y, 1), k + 1), s, `layer/${k}`));
      trainSteps(first, b, 0, 5);
      const json = JSON.stringify(await first.getState());
      const weights = b.map((v) => Array.from(v.dataSync()));
      first.dispose();
      b.forEach((v) => v.dispose());

      // A new process: fresh variables from the saved weights, an optimizer from the saved state.
      const state = JSON.parse(json) as OptimizerState;
      const resumed = optimizerFromState(state);
      expect(resumed.iterations).toBe(5);
      expect(resumed.getConfig()).toEqual(straight.getConfig());
      const c = SHAPES.map((s, k) => owned(weights[k], s, `layer/${k}`));
      trainSteps(resumed, c, 5, 12);
      a.forEach((v, k) => expect(bits(c[k])).toEqual(bits(v)));
      expect(JSON.stringify(await resumed.getState())).toBe(JSON.stringify(await straight.getState()));

      [straight, resumed].forEach((o) => o.dispose());
      [...a, ...c].forEach((v) => v.dispose());
    });
  }

  it('the state is plain JSON and names torch slots per variable', async () => {
    const opt = getOptimizer({ name: 'rmsprop', momentum: 0.9 });
    const w = owned([1, 2, 3], [3], 'dense_1/kernel');
    const g = tensor([0.5, -0.5, 1]);
    opt.applyGradients([w], [g]);
    const state = await opt.getState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.name).toBe('rmsprop');
    expect(state.iterations).toBe(1);
    expect(Object.keys(state.slots['dense_1/kernel']).sort()).toEqual(['momentum_buffer', 'square_avg', 'step']);
    expect(state.slots['dense_1/kernel'].square_avg.data).toEqual(Array.from(Float32Array.from([0.0025, 0.0025, 0.01])));
    opt.dispose(); w.dispose(); g.dispose();
  });

  it('setState replaces earlier slots and restores the step count', async () => {
    const opt = getOptimizer('adam');
    const w = owned([1, 2], [2], 'w');
    const g = tensor([1, 1]);
    opt.applyGradients([w], [g]);
    opt.setState({
      name: 'adam', config: {}, iterations: 7,
      slots: { w: { step: { shape: [], data: [7] }, exp_avg: { shape: [2], data: [0.1, 0.2] }, exp_avg_sq: { shape: [2], data: [0.01, 0.04] } } },
    });
    expect(opt.iterations).toBe(7);
    const state = await opt.getState();
    expect(state.slots.w.exp_avg.data).toEqual(Array.from(Float32Array.from([0.1, 0.2])));
    expect(state.slots.w.step.data).toEqual([7]);
    opt.applyGradients([w], [g]);
    expect((await opt.getState()).slots.w.step.data).toEqual([8]);
    opt.dispose(); w.dispose(); g.dispose();
  });
});
