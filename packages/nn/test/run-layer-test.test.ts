import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tessera/tensor';
import { Dense, runLayerTest, type DenseConfig } from '../src/index.js';
import { useJsBackend } from './helpers.js';

useJsBackend();

/** A layer whose config forgets an option: the round trip must catch it. */
class ForgetfulDense extends Dense {
  override getConfig(): Record<string, unknown> {
    const { useBias: _dropped, ...rest } = super.getConfig();
    return rest;
  }
}

/** A layer whose output ignores its kernel: its weights get no gradient and cannot train. */
class DetachedDense extends Dense {
  override call(inputs: Tensor | readonly Tensor[]): Tensor {
    const y = super.call(inputs, {});
    return y.mul(0).add(1);
  }
}

describe('runLayerTest', () => {
  it('reports the checked figures', async () => {
    const report = await runLayerTest({ className: 'Dense', config: { units: 3 }, inputShape: [4, 2], expectedOutputShape: [4, 3] });
    expect(report).toMatchObject({ outputShape: [4, 3], trainableWeights: 2, nonTrainableWeights: 0 });
    expect(report.losses).toHaveLength(2);
  });

  it('fails on a wrong expected shape or weight count', async () => {
    await expect(runLayerTest({ className: 'Dense', config: { units: 3 }, inputShape: [4, 2], expectedOutputShape: [4, 4] }))
      .rejects.toThrow(/symbolic output shape \[null,3\] != expected \[null,4\]/);
    await expect(runLayerTest({ className: 'Dense', config: { units: 3 }, inputShape: [4, 2], expectedOutputShape: [4, 3], expectedTrainableWeights: 1 }))
      .rejects.toThrow(/2 trainable weights, expected 1/);
  });

  it('fails when the config does not round-trip', async () => {
    await expect(runLayerTest({
      className: 'ForgetfulDense', config: { units: 2, useBias: false }, inputShape: [3, 2], expectedOutputShape: [3, 2],
      fromConfig: (c) => new ForgetfulDense(c as unknown as DenseConfig),
    })).rejects.toThrow(/re-created layer has 2 weights, not 1/);
  });

  it('fails when trainable weights do not move in the training step', async () => {
    await expect(runLayerTest({
      className: 'DetachedDense', config: { units: 2 }, inputShape: [3, 2], expectedOutputShape: [3, 2],
      fromConfig: (c) => new DetachedDense(c as unknown as DenseConfig),
    })).rejects.toThrow(/did not change in the training step/);
  });
});
