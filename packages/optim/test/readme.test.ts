import { beforeAll, expect, it } from 'vitest';
import { dispose, memory, tensor, variable, variableGrads } from '@tessera/tensor';
import { cosineDecay, getOptimizer, optimizerFromState } from '../src/index.js';
import { useJsBackend } from './backend.js';

beforeAll(useJsBackend);

it('the README example minimises a quadratic and its state reloads', async () => {
  const start = memory().numTensors;
  const init = tensor([3, -2]);
  const w = variable(init, { name: 'w' });
  init.dispose();
  const opt = getOptimizer({
    name: 'adam',
    learningRate: cosineDecay({ initialLearningRate: 0, warmupTarget: 0.1, warmupSteps: 10, decaySteps: 90 }),
  });
  for (let i = 0; i < 100; i++) {
    const { value, grads } = variableGrads(() => w.square().sum(), [w]);
    opt.applyGradients([w], grads);
    dispose([value, grads]);
  }
  const final = Array.from(await w.data());
  expect(Math.max(...final.map(Math.abs))).toBeLessThan(0.05);
  expect(opt.iterations).toBe(100);
  const again = optimizerFromState(JSON.parse(JSON.stringify(await opt.getState())));
  expect(again.currentLearningRate()).toBe(opt.currentLearningRate());
  opt.dispose(); again.dispose(); w.dispose();
  expect(memory().numTensors).toBe(start);
});
