import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { batchNormalization, layerNormalization, runLayerTest, type BatchNormalization } from '../src/index.js';
import { fixtureCases, fixtureData, fixtureShape, useJsBackend } from './helpers.js';

useJsBackend();

const close = (got: ArrayLike<number>, want: readonly number[], tol = 1e-4) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol + tol * Math.abs(want[i]));
};

function fixtureTensor(raw: unknown): T.Tensor {
  return T.tensor(fixtureData(raw), fixtureShape(raw));
}

describe('BatchNormalization', () => {
  it('passes runLayerTest', async () => {
    const r = await runLayerTest({ className: 'BatchNormalization', config: {}, inputShape: [4, 3, 3, 2], expectedOutputShape: [4, 3, 3, 2], expectedTrainableWeights: 2, expectedNonTrainableWeights: 2 });
    expect(r.nonTrainableWeights).toBe(2);
    await runLayerTest({ className: 'BatchNormalization', config: { center: false, momentum: 0.9 }, inputShape: [5, 3], expectedOutputShape: [5, 3], expectedTrainableWeights: 1 });
  });

  it('has Keras defaults: momentum 0.99, epsilon 1e-3', () => {
    const c = batchNormalization().getConfig();
    expect(c.momentum).toBe(0.99);
    expect(c.epsilon).toBe(1e-3);
  });

  const cases = fixtureCases('ops-pool-norm').filter((c) => c.op === 'batch_norm');
  for (const c of cases) {
    it(`matches fixture ${c.name} (output, moving statistics with the biased variance, gradients)`, async () => {
      const training = c.attrs!.training as boolean;
      const make = () => {
        const bn = batchNormalization({ momentum: (c.attrs!.momentum_keras as number | undefined) ?? 0.99, epsilon: c.attrs!.epsilon as number }) as BatchNormalization;
        bn.build([null, ...fixtureShape(c.inputs.x).slice(1)]);
        bn.gamma!.assign(fixtureTensor(c.inputs.gamma));
        bn.beta!.assign(fixtureTensor(c.inputs.beta));
        bn.movingMean!.assign(fixtureTensor(c.inputs.running_mean));
        bn.movingVariance!.assign(fixtureTensor(c.inputs.running_var));
        return bn;
      };
      const x = fixtureTensor(c.inputs.x);
      const up = fixtureTensor(c.inputs.upstream);
      const bn = make();
      const y = bn.apply(x, { training });
      close(await y.data(), fixtureData(c.outputs.output));
      if (training) {
        close(await bn.movingMean!.value.data(), fixtureData(c.outputs.running_mean));
        close(await bn.movingVariance!.value.data(), fixtureData(c.outputs.running_var_biased_update));
      } else {
        close(await bn.movingMean!.value.data(), fixtureData(c.inputs.running_mean));
      }
      const fresh = make();
      const gx = T.vjp((xx) => fresh.apply(xx, { training }), [x], up).grads[0];
      close(await gx.data(), fixtureData(c.grads!.x));
      const fresh2 = make();
      const { grads } = T.variableGrads(() => T.sum(T.mul(fresh2.apply(x, { training }), up)), [fresh2.gamma!.value, fresh2.beta!.value]);
      close(await grads[0].data(), fixtureData(c.grads!.gamma));
      close(await grads[1].data(), fixtureData(c.grads!.beta));
    });
  }

  it('runs in inference mode when frozen, even with training: true', async () => {
    const bn = batchNormalization();
    const x = T.normal([8, 3], { seed: 1, mean: 5 });
    bn.trainable = false;
    const y = bn.apply(x, { training: true });
    expect(await bn.movingMean!.value.data()).toEqual(new Float32Array([0, 0, 0]));
    const want = T.div(x, Math.sqrt(1 + 1e-3));
    const diff = await T.max(T.abs(T.sub(y, want))).item();
    expect(diff).toBeLessThan(1e-5);
  });

  it('rejects a channel axis other than the last', () => {
    expect(() => batchNormalization({ axis: 1 }).apply(T.ones([2, 3, 4]))).toThrow(/axis 1 must be the last axis/);
  });
});

describe('LayerNormalization', () => {
  it('passes runLayerTest', async () => {
    await runLayerTest({ className: 'LayerNormalization', config: {}, inputShape: [3, 6], expectedOutputShape: [3, 6], expectedTrainableWeights: 2 });
    await runLayerTest({ className: 'LayerNormalization', config: { axis: [-2, -1], epsilon: 1e-5 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
  });

  const cases = fixtureCases('ops-pool-norm').filter((c) => c.op === 'layer_norm');
  for (const c of cases) {
    it(`matches fixture ${c.name}`, async () => {
      const rank = fixtureShape(c.inputs.x).length;
      const axes = (c.attrs!.axes as number[]).map((a) => a - rank);
      const ln = layerNormalization({ axis: axes, epsilon: c.attrs!.epsilon as number });
      ln.build([null, ...fixtureShape(c.inputs.x).slice(1)]);
      ln.gamma!.assign(fixtureTensor(c.inputs.gamma));
      ln.beta!.assign(fixtureTensor(c.inputs.beta));
      const x = fixtureTensor(c.inputs.x);
      close(await ln.apply(x).data(), fixtureData(c.outputs.output));
      const up = fixtureTensor(c.inputs.upstream);
      close(await T.vjp((xx) => ln.apply(xx), [x], up).grads[0].data(), fixtureData(c.grads!.x));
      const { grads } = T.variableGrads(() => T.sum(T.mul(ln.apply(x), up)), [ln.gamma!.value, ln.beta!.value]);
      close(await grads[0].data(), fixtureData(c.grads!.gamma));
      close(await grads[1].data(), fixtureData(c.grads!.beta));
    });
  }

  it('rejects non-trailing or batch axes', () => {
    expect(() => layerNormalization({ axis: 1 }).apply(T.ones([2, 3, 4]))).toThrow(/must name trailing non-batch axes/);
    expect(() => layerNormalization({ axis: 0 }).apply(T.ones([2]))).toThrow(/must name trailing non-batch axes/);
  });
});
