import { describe, expect, it } from 'vitest';
import {
  constant, cosineDecay, exponentialDecay, inverseTimeDecay, scheduleFromConfig, stepDecay, type LearningRateSchedule,
} from '../src/index.js';

const at = (s: LearningRateSchedule, steps: number[]) => steps.map((t) => s(t));

function expectValues(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
}

describe('schedules', () => {
  it('constant', () => {
    expect(at(constant({ learningRate: 0.02 }), [0, 1, 1e6])).toEqual([0.02, 0.02, 0.02]);
  });

  it('step decay multiplies by gamma every stepSize steps', () => {
    expectValues(at(stepDecay({ initialLearningRate: 1, stepSize: 3, gamma: 0.5 }), [0, 2, 3, 5, 6, 9]), [1, 1, 0.5, 0.5, 0.25, 0.125]);
    expectValues(at(stepDecay({ initialLearningRate: 1, stepSize: 1 }), [0, 2]), [1, 0.01]);
  });

  it('exponential decay, continuous and staircase', () => {
    const smooth = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expectValues(at(smooth, [0, 5, 10, 20]), [0.1, 0.1 * Math.SQRT1_2, 0.05, 0.025]);
    const stairs = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expectValues(at(stairs, [0, 9, 10, 19, 20]), [0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('inverse-time decay', () => {
    const s = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
    expectValues(at(s, [0, 2, 4, 3]), [0.1, 0.1 / 1.5, 0.05, 0.1 / 1.75]);
    const stairs = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true });
    expectValues(at(stairs, [3]), [0.1 / 1.5]);
  });

  it('cosine decay reaches alpha * initial and stays there', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 });
    expectValues(at(s, [0, 5, 10, 50]), [1, 0.1 + 0.9 * 0.5, 0.1, 0.1]);
  });

  it('cosine decay with linear warmup (Keras semantics)', () => {
    const s = cosineDecay({ initialLearningRate: 0, warmupTarget: 1, warmupSteps: 4, decaySteps: 8 });
    expectValues(at(s, [0, 1, 2, 4, 8, 12, 100]), [0, 0.25, 0.5, 1, 0.5, 0, 0]);
  });

  it('is re-created from its JSON config with the same values', () => {
    const all = [
      constant({ learningRate: 0.3 }),
      stepDecay({ initialLearningRate: 0.1, stepSize: 7, gamma: 0.3 }),
      exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9, staircase: true }),
      inverseTimeDecay({ initialLearningRate: 0.2, decaySteps: 5, decayRate: 1.5 }),
      cosineDecay({ initialLearningRate: 0.01, warmupTarget: 0.1, warmupSteps: 5, decaySteps: 20, alpha: 0.05 }),
      cosineDecay({ initialLearningRate: 0.01, decaySteps: 20 }),
    ];
    for (const s of all) {
      const again = scheduleFromConfig(JSON.parse(JSON.stringify(s.config)));
      expect(again.config).toEqual(s.config);
      const steps = Array.from({ length: 40 }, (_, i) => i);
      expect(at(again, steps)).toEqual(at(s, steps));
    }
  });
});
