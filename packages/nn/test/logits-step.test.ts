import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { activation, conv2d, dense, flatten, getLoss, getMetric, sequential, sparseCategoricalCrossentropy } from '../src/index.js';
import { createJsBackend, type JsBuffer } from '@tessera/backend-js';
import { useJsBackend, values } from './helpers.js';

useJsBackend();

describe('cross-entropy from logits for models ending in a softmax', () => {
  it('layers skip a final last-axis softmax when asked for logits, and say whether they can', async () => {
    T.setSeed(1);
    const head = dense({ units: 3, activation: 'softmax', inputShape: [2] });
    const net = sequential([dense({ units: 4, activation: 'relu', inputShape: [2] }), head]);
    const x = T.tensor([[1, -2], [0.5, 3]]);
    const logits = net.apply(x, { logits: true }) as T.Tensor;
    const probs = net.apply(x) as T.Tensor;
    expect(await values(probs)).toEqual((await values(T.softmax(logits))).map((v) => expect.closeTo(v, 6)));
    expect(net.endsInSoftmax).toBe(true);
    expect(head.endsInSoftmax).toBe(true);
    // Only the last layer skips: a softmax inside the stack still runs.
    const inner = sequential([dense({ units: 3, activation: 'softmax', inputShape: [2] }), dense({ units: 2 })]);
    expect(inner.endsInSoftmax).toBe(false);
    const a = inner.apply(x, { logits: true }) as T.Tensor;
    expect(await values(a)).toEqual(await values(inner.apply(x) as T.Tensor));
    expect(activation({ activation: 'softmax' }).endsInSoftmax).toBe(true);
    expect(activation({ activation: { name: 'softmax', axis: 0 } }).endsInSoftmax).toBe(false);
    expect(dense({ units: 2, activation: 'relu' }).endsInSoftmax).toBe(false);
    expect(conv2d({ filters: 2, kernelSize: 1 }).endsInSoftmax).toBe(false);
  });

  it('fit and evaluate report the loss of the logits, where clipping probabilities would cap it', async () => {
    T.setSeed(2);
    // Weights so large that the wrong class gets a probability far below 1e-7.
    const net = sequential([flatten({ inputShape: [2] }), dense({ units: 2, useBias: false }), activation({ activation: 'softmax' })]);
    net.build([null, 2]);
    const w = net.trainableWeights[0].value;
    w.assign(T.tensor([[40, -40], [-40, 40]]));
    net.compile({ optimizer: { name: 'sgd', learningRate: 0 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = T.tensor([[1, 0], [0, 1]]);
    const y = T.tensor([1, 1], [2], 'int32');
    const result = await net.evaluate(x, y);
    // Sample 0: logits [40, -40] with label 1 -> 80 (plus log1p(e^-80)); sample 1: ~0.
    expect(result.loss).toBeCloseTo(40, 4);
    expect(result.accuracy).toBe(0.5);
    const probsLoss = await sparseCategoricalCrossentropy().compute(y, net.predict(x) as T.Tensor).item();
    expect(probsLoss).toBeLessThan(9); // -log(1e-7) / 2: what the clipped form reports
    const h = await net.fit(x, y, { epochs: 1, batchSize: 2 });
    expect(h.history.loss[0]).toBeCloseTo(40, 4);
  });

  it('the fused sparse cross-entropy has the composed gradient, zero for an out-of-range label', async () => {
    const z = T.tensor([[1, 2, -1], [0.5, 0.5, 3], [2, -2, 0]]);
    const labels = T.tensor([2, 0, 7], [3], 'int32');
    const loss = sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'sum' });
    const { value, grads: [dz] } = T.vjp((t) => loss.compute(labels, t), [z]);
    const composed = (t: T.Tensor) => T.neg(T.sum(T.mul(T.oneHot(labels, 3), T.logSoftmax(t, -1))));
    const ref = T.vjp(composed, [z]);
    expect(await value.item()).toBeCloseTo(await ref.value.item(), 6);
    const got = await values(dz);
    const want = await values(ref.grads[0]);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 6));
    expect(got.slice(6)).toEqual([0, 0, 0]);
    expect(getLoss({ name: 'categoricalCrossentropy', fromLogits: false }).config.fromLogits).toBe(false);
  });

  it('the folded mean reduction equals the mean of the per-sample losses, gradients included (rank 3, [.., 1] float labels)', async () => {
    const z = T.tensor([[[1, 2, -1], [0.5, 0.5, 3]], [[2, -2, 0], [0, 1, 4]]]);
    const labels = T.tensor([[[2], [0]], [[1], [2]]]);
    const loss = sparseCategoricalCrossentropy({ fromLogits: true });
    const { value, grads: [dz] } = T.vjp((t) => loss.compute(labels, t), [z]);
    const ref = T.vjp((t) => T.mean(loss.perSample(labels, t)), [z]);
    expect(await value.item()).toBeCloseTo(await ref.value.item(), 6);
    const want = await values(ref.grads[0]);
    (await values(dz)).forEach((g, i) => expect(g).toBeCloseTo(want[i], 6));
    expect(value.shape).toEqual([]);
  });

  it('arg-max metrics are computed on the logits, others on the probabilities', async () => {
    const x = T.tensor([[1, -2], [0.5, 3], [2, 2], [-1, 0]]);
    const y = T.tensor([0, 1, 2, 1], [4], 'int32');
    const seen: T.Tensor[] = [];
    const spy = { name: 'spy', compute: (_: T.Tensor, p: T.Tensor) => { seen.push(T.keep(T.sum(p, -1))); return T.zeros([p.shape[0]]); } };
    T.setSeed(3);
    const net = sequential([dense({ units: 3, activation: 'softmax', inputShape: [2] })]);
    net.compile({ optimizer: { name: 'sgd', learningRate: 0 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', spy] });
    const a = await net.fit(x, y, { epochs: 1, batchSize: 4 });
    net.compile({ optimizer: { name: 'sgd', learningRate: 0 }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const b = await net.fit(x, y, { epochs: 1, batchSize: 4 });
    // The spy saw probabilities (rows summing to 1); the accuracy is the same either way.
    (await values(seen[0])).forEach((v) => expect(v).toBeCloseTo(1, 5));
    expect(b.history.accuracy[0]).toBe(a.history.accuracy[0]);
    const probs = net.predict(x) as T.Tensor;
    const hits = await values(T.cast(T.equal(T.argmax(probs, -1), y), 'float32'));
    expect(b.history.accuracy[0]).toBeCloseTo(hits.reduce((s, v) => s + v, 0) / 4, 6);
    expect(getMetric('accuracy', { loss: getLoss('sparseCategoricalCrossentropy'), outputShape: [null, 3] }).argmaxOnly).toBe(true);
    expect(getMetric('mse', { loss: getLoss('sparseCategoricalCrossentropy'), outputShape: [null, 3] }).argmaxOnly).toBeUndefined();
    T.dispose(seen);
  });
});

describe('accuracy from the loss pass', () => {
  /** The JS backend plus a `softmaxCrossEntropy` kernel written out here, as a backend may add it. */
  function withFusedKernel(): T.Backend {
    const js = createJsBackend();
    const kernel: NonNullable<T.Backend<JsBuffer>['softmaxCrossEntropy']> = (logits, labels, rows, classes, scale, withGrad, withAccuracy) => {
      const z = js.readSync(logits.buffer, 'float32', rows * classes) as Float32Array, y = js.readSync(labels.buffer, 'int32', rows) as Int32Array;
      const grad = new Float32Array(rows * classes);
      let loss = 0, hits = 0;
      for (let r = 0; r < rows; r++) {
        const row = z.subarray(r * classes, (r + 1) * classes);
        const m = Math.max(...row), first = row.indexOf(m), label = y[r];
        const sum = row.reduce((a, v) => a + Math.exp(v - m), 0);
        const valid = label >= 0 && label < classes;
        if (valid) { loss += m + Math.log(sum) - row[label]; if (first === label) hits++; }
        for (let c = 0; c < classes; c++) grad[r * classes + c] = valid ? scale * (Math.exp(row[c] - m) / sum - (c === label ? 1 : 0)) : 0;
      }
      return {
        loss: js.write(Float32Array.of(loss * scale), 'float32'),
        grad: withGrad ? js.write(grad, 'float32') : null,
        accuracy: withAccuracy ? js.write(Float32Array.of(Math.fround(hits) / rows), 'float32') : null,
      };
    };
    // The instance itself gains the kernel (its methods use private state, so no wrapper object).
    return Object.assign(js, { softmaxCrossEntropy: kernel });
  }

  async function train(backend: T.Backend, metrics: string[], head: 'softmax' | 'logits' = 'softmax') {
    await T.setBackend(backend);
    T.setSeed(5);
    const net = sequential([dense({ units: 8, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: head === 'softmax' ? 'softmax' : 'linear' })]);
    const loss = head === 'softmax' ? 'sparseCategoricalCrossentropy' : sparseCategoricalCrossentropy({ fromLogits: true });
    net.compile({ optimizer: { name: 'adam', learningRate: 0.05 }, loss, metrics });
    const x = T.tensor(Array.from({ length: 24 * 4 }, (_, i) => Math.sin(i * 1.7)), [24, 4]);
    const y = T.tensor(Array.from({ length: 24 }, (_, i) => (i * 7) % 3), [24], 'int32');
    const names: string[] = [];
    T.setKernelProfiler((k) => names.push(k.name));
    const h = await net.fit(x, y, { epochs: 3, batchSize: 8, seed: 1 });
    const ev = await net.evaluate(x, y, { batchSize: 8 });
    T.setKernelProfiler(null);
    T.dispose([x, y]);
    net.dispose();
    return { history: h.history, ev, names };
  }

  it('fit and evaluate log the same accuracy and loss with the fused kernel as with the composition, without an argmax', async () => {
    const fused = await train(withFusedKernel(), ['accuracy', 'sparseCategoricalAccuracy']);
    const plain = await train(createJsBackend(), ['accuracy', 'sparseCategoricalAccuracy']);
    await T.setBackend(createJsBackend());
    expect(fused.names).toContain('softmaxCrossEntropy');
    expect(fused.names).not.toContain('argmax');
    expect(plain.names).toContain('argmax');
    expect(fused.history.accuracy).toEqual(plain.history.accuracy);
    expect(fused.history.sparseCategoricalAccuracy).toEqual(plain.history.accuracy);
    expect(fused.ev.accuracy).toBe(plain.ev.accuracy);
    fused.history.loss.forEach((l, i) => expect(l).toBeCloseTo(plain.history.loss[i], 5));
    // Accuracy is a fraction of the 24 rows' batches: the logs are real values, not a constant.
    expect(new Set(plain.history.accuracy).size).toBeGreaterThan(1);
  });

  it('a model that outputs logits, with a from-logits loss, takes the same path', async () => {
    const fused = await train(withFusedKernel(), ['accuracy'], 'logits');
    const plain = await train(createJsBackend(), ['accuracy'], 'logits');
    await T.setBackend(createJsBackend());
    expect(fused.names).not.toContain('argmax');
    expect(plain.names).toContain('argmax');
    expect(fused.history.accuracy).toEqual(plain.history.accuracy);
    fused.history.loss.forEach((l, i) => expect(l).toBeCloseTo(plain.history.loss[i], 5));
  });
});
