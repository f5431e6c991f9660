import * as T from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';

let be: WasmBackend;
beforeAll(async () => {
  be = createWasmBackend({ threads: 2 });
  await T.setBackend(be);
});
afterAll(() => be.dispose());

/** Images with a horizontal bar (class 0) or a vertical bar (class 1) plus noise. */
function bars(gen: T.Generator, n: number, size: number): { x: Float32Array; y: Int32Array } {
  const x = gen.normalValues(n * size * size, 0, 0.3);
  const y = new Int32Array(n);
  const pos = gen.uniformValues(n, 1, size - 1);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const p = Math.floor(pos[i]);
    for (let j = 0; j < size; j++) {
      const [r, c] = y[i] === 0 ? [p, j] : [j, p];
      x[(i * size + r) * size + c] += 1;
    }
  }
  return { x, y };
}

/** conv3x3 relu -> max pool -> depthwise 3x3 -> conv1x1 relu -> avg pool -> dense, on core ops. */
function makeNet(gen: T.Generator) {
  const init = (shape: number[], fanIn: number, name: string) =>
    T.tidy(() => T.variable(gen.uniform(shape, { minval: -Math.sqrt(6 / fanIn), maxval: Math.sqrt(6 / fanIn) }), { name }));
  const w1 = init([3, 3, 1, 8], 9, 'w1'), dw = init([3, 3, 8, 1], 9, 'dw'), w2 = init([1, 1, 8, 16], 8, 'w2');
  const w3 = init([144, 2], 144, 'w3');
  const zeros = (n: number, name: string) => T.tidy(() => T.variable(T.zeros([n]), { name }));
  const b1 = zeros(8, 'b1'), b2 = zeros(16, 'b2'), b3 = zeros(2, 'b3');
  const weights = [w1, b1, dw, w2, b2, w3, b3];
  const logits = (x: T.Tensor) => T.tidy(() => {
    let h = T.fusedConv2d(x, w1, { bias: b1, activation: 'relu', padding: 'same' });
    h = T.maxPool2d(h, { poolSize: 2 });
    h = T.depthwiseConv2d(h, dw, { padding: 'same' });
    h = T.fusedConv2d(h, w2, { bias: b2, activation: 'relu' });
    h = T.avgPool2d(h, { poolSize: 2 });
    return T.fusedMatmul(T.reshape(h, [h.shape[0], 144]), w3, { bias: b3 });
  });
  return { weights, logits };
}

describe('training a small conv net on the wasm backend', () => {
  it('1,000 SGD steps learn the task and leave no live tensors or heap bytes behind', async () => {
    const tensorsBefore = T.memory().numTensors;
    const bytesBefore = be.memoryInfo().inUseBytes;
    const gen = new T.Generator(7);
    const batches = Array.from({ length: 4 }, () => {
      const { x, y } = bars(gen, 16, 12);
      return { x: T.tensor(x, [16, 12, 12, 1]), y: T.tidy(() => T.oneHot(T.tensor(y, [16], 'int32'), 2)) };
    });
    const net = makeNet(gen);
    const losses: number[] = [];
    let heapAfterWarmup = 0;
    for (let step = 0; step < 1000; step++) {
      const { x, y } = batches[step % batches.length];
      const { value, grads } = T.variableGrads(
        () => T.tidy(() => T.neg(T.mean(T.sum(T.mul(T.logSoftmax(net.logits(x)), y), -1)))), net.weights);
      T.tidy(() => grads.forEach((g, i) => net.weights[i].assign(T.sub(net.weights[i], T.mul(g, 0.1)))));
      if (step % 50 === 0 || step >= 980) losses.push(await value.item());
      T.dispose([value, grads]);
      if (step === 20) heapAfterWarmup = be.memoryInfo().heapBytes;
    }
    const first = losses[0];
    const last = losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
    expect(first).toBeGreaterThan(0.5);
    expect(last).toBeLessThan(0.1 * first);
    // The arena reuses blocks: the heap did not grow after the first steps.
    expect(be.memoryInfo().heapBytes).toBe(heapAfterWarmup);
    T.dispose([...net.weights, ...batches.flatMap((b) => [b.x, b.y])]);
    expect(T.memory().numTensors).toBe(tensorsBefore);
    expect(be.memoryInfo().inUseBytes).toBe(bytesBefore);
  });
});
