import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { numericGrad, useJs, values } from './helpers.js';

beforeAll(useJs);

const closeTo = (got: number[], want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `element ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]))));
};

describe('autograd', () => {
  it('differentiates a composite of matmul, broadcasting, activations and reductions (finite differences)', async () => {
    const w = T.tensor([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3]]);
    const b = T.tensor([0.05, -0.1, 0.2]);
    const f = (x: T.Tensor) => T.tidy(() => T.logSoftmax(T.tanh(T.add(T.matmul(x, w), b))).mul(T.tensor([[1, 0, 0], [0, 0, 1]])).sum());
    const x = T.tensor([[0.5, -1.2], [0.8, 0.3]]);
    const g = T.grad(f)(x);
    closeTo(await values(g), await numericGrad(f, x, (v) => T.tensor(v, [2, 2])), 2e-3);
    T.dispose([w, b, x, g]);
  });

  it('differentiates shape ops: transpose, slice, concat, gather, pad, tile, reverse', async () => {
    const f = (x: T.Tensor) => T.tidy(() => {
      const t = T.transpose(x, [1, 0]);
      const parts = T.concat([T.slice(t, [0, 1], [2, 2]), T.gather(x, T.tensor([2, 0, 2], [3], 'int32'), 0).slice([0, 0], [3, 2]).transpose()], 1);
      const shaped = T.reverse(T.tile(T.pad(parts, [[1, 0], [0, 1]], 0.5), [1, 2]), 1);
      return T.sum(T.mul(shaped, T.square(shaped)));
    });
    const x = T.tensor([[0.1, -0.4], [0.7, 0.2], [-0.3, 0.9]]);
    const g = T.grad(f)(x);
    closeTo(await values(g), await numericGrad(f, x, (v) => T.tensor(v, [3, 2])), 5e-3);
    T.dispose([x, g]);
  });

  it('differentiates convolution, pooling and batch norm in training mode (finite differences)', async () => {
    const w = T.normal([3, 3, 2, 3], { seed: 1, stddev: 0.3 });
    const f = (x: T.Tensor) => T.tidy(() => {
      const y = T.conv2d(x, w, { strides: 1, padding: 'same' });
      const { mean, variance } = T.moments(y, [0, 1, 2]);
      const n = T.batchNorm(y, mean, variance, { epsilon: 1e-3 });
      return T.sum(T.square(T.avgPool2d(T.maxPool2d(T.relu(n), { poolSize: 2, strides: 1, padding: 'same' }), { poolSize: 2 })));
    });
    const x = T.normal([2, 4, 4, 2], { seed: 2 });
    const g = T.grad(f)(x);
    closeTo(await values(g), await numericGrad(f, x, (v) => T.tensor(v, [2, 4, 4, 2]), 1e-3), 3e-2);
    T.dispose([w, x, g]);
  });

  it('accumulates gradients of a tensor used several times', async () => {
    const x = T.tensor([1, 2, 3]);
    const [ga] = T.grads((a) => T.add(T.mul(a, a), a).sum())([x]);
    expect(await values(ga)).toEqual([3, 5, 7]);
    const gb = T.grad((a) => T.add(a, a).sum())(x);
    expect(await values(gb)).toEqual([2, 2, 2]);
    T.dispose([x, ga, gb]);
  });

  it('reduces broadcast gradients back to each input shape', async () => {
    const a = T.ones([2, 3]);
    const b = T.tensor([1, 2, 3]);
    const { grads: [da, db] } = T.vjp((p, q) => T.mul(p, q), [a, b], T.ones([2, 3]));
    expect(da.shape).toEqual([2, 3]);
    expect(db.shape).toEqual([3]);
    expect(await values(db)).toEqual([2, 2, 2]);
    T.dispose([a, b, da, db]);
  });

  it('uses dy as the upstream gradient and returns the value', async () => {
    const x = T.tensor([1, 2]);
    const { value, grads: [g] } = T.vjp((t) => T.square(t), [x], T.tensor([10, -1]));
    expect(await values(value)).toEqual([1, 4]);
    expect(await values(g)).toEqual([20, -4]);
    const vg = T.valueAndGrad((t) => T.square(t).sum())(x);
    expect(await vg.value.item()).toBe(5);
    T.dispose([x, value, g, vg.value, vg.grad]);
  });

  it('gives zeros for an unused input and stops at stopGradient', async () => {
    const x = T.tensor([1, 2]), y = T.tensor([3, 4]);
    const [gx, gy] = T.grads((a, _b) => T.square(a).sum())([x, y]);
    expect(await values(gy)).toEqual([0, 0]);
    const gs = T.grad((a) => T.mul(a, T.stopGradient(a)).sum())(x);
    expect(await values(gs)).toEqual([1, 2]);
    T.dispose([x, y, gx, gy, gs]);
  });

  it('takes gradients with respect to variables, in the order given', async () => {
    const w = T.variable(T.tensor([[1, 2], [3, 4]]), { name: 'w' });
    const b = T.variable(T.tensor([0.5, -0.5]), { name: 'b' });
    const x = T.tensor([[1, 1]]);
    const { value, grads: [gb, gw] } = T.variableGrads(() => T.add(T.matmul(x, w), b).sum(), [b, w]);
    expect(await value.item()).toBe(10);
    expect(await values(gb)).toEqual([1, 1]);
    expect(await values(gw)).toEqual([1, 1, 1, 1]);
    w.assign(T.sub(w, gw));
    expect(await values(w)).toEqual([0, 1, 2, 3]);
    T.dispose([w, b, x, value, gb, gw]);
  });

  it('keeps intermediates alive for the backward pass even when f disposes them', async () => {
    const x = T.tensor([0.5, -0.25]);
    const g = T.grad((t) => {
      const inner = T.tidy(() => T.exp(T.mul(t, 2)));
      const out = T.sum(T.square(inner));
      inner.dispose();
      return out;
    })(x);
    const want = [0.5, -0.25].map((v) => 4 * Math.exp(4 * v));
    closeTo(await values(g), want, 1e-5);
    T.dispose([x, g]);
  });

  it('frees everything it created except the value and the gradients', async () => {
    const x = T.tensor([[1, 2], [3, 4]]);
    const before = T.memory().numTensors;
    const { value, grads: [g] } = T.vjp((t) => T.softmax(T.matmul(t, t)).mul(T.tensor([[1, 2], [3, 4]])).sum(), [x]);
    expect(T.memory().numTensors).toBe(before + 2);
    T.dispose([value, g, x]);
  });

  it('refuses nested gradients, integer inputs and non-tensor results', () => {
    const x = T.tensor([1, 2]);
    expect(() => T.grad((t) => T.grad((u) => u.sum())(t).sum())(x)).toThrow(/grad: gradients cannot be nested/);
    const i = T.tensor([1, 2], [2], 'int32');
    expect(() => T.grad((t) => t.sum())(i)).toThrow(/float32/);
    expect(() => T.grad(() => 3 as unknown as T.Tensor)(x)).toThrow(/must return a tensor/);
    expect(() => T.vjp((t) => t.mul(2), [x], T.ones([3]))).toThrow(/dy shape \[3\] must equal the value's shape \[2\]/);
    T.dispose([x, i]);
  });

  it('softmaxCrossEntropy: the mean loss of integer labels on logits and its gradient (finite differences)', async () => {
    const labels = T.tensor([2, 0, 5, 1], [4], 'int32');
    const f = (z: T.Tensor) => T.softmaxCrossEntropy(z, labels, 0.25);
    const z = T.tensor([[1, 2, 3], [30, -2, 0.5], [0.1, 0.2, 0.3], [-1, 4, 1]]);
    const loss = f(z);
    // Row by row, log(sum(exp(z))) - z[label]; the third label is out of range and adds nothing.
    const lse = (r: number[]) => Math.log(r.reduce((a, x) => a + Math.exp(x), 0));
    const rows = await z.array() as number[][];
    const want = 0.25 * ((lse(rows[0]) - 3) + (lse(rows[1]) - 30) + (lse(rows[3]) - 4));
    expect((await values(loss))[0]).toBeCloseTo(want, 5);
    const g = T.grad(f)(z);
    closeTo(await values(g), await numericGrad(f, z, (v) => T.tensor(v, [4, 3])), 2e-3);
    expect((await values(g)).slice(6, 9)).toEqual([0, 0, 0]);
    T.dispose([labels, z, loss, g]);
  });

  it('softmaxCrossEntropy names the bad operand', () => {
    const z = T.zeros([2, 3]);
    const y = T.tensor([0, 1], [2], 'int32');
    expect(() => T.softmaxCrossEntropy(z, T.tensor([0, 1]), 1)).toThrow(/^softmaxCrossEntropy: labels must be int32, got float32/);
    expect(() => T.softmaxCrossEntropy(z, T.tensor([0, 1, 2], [3], 'int32'), 1)).toThrow(/labels shape \[3\] must be the logits' shape \[2,3\] without the class axis/);
    expect(() => T.softmaxCrossEntropy(T.cast(z, 'int32'), y, 1)).toThrow(/logits must be float32, got int32/);
    expect(() => T.softmaxCrossEntropy(z, y, Number.NaN)).toThrow(/scale must be a finite number, got NaN/);
    T.dispose([z, y]);
  });

  it('a cast to the dtype a tensor has is a view: no kernel, the gradient passes through', async () => {
    const x = T.tensor([1.5, -2]);
    const names: string[] = [];
    T.setKernelProfiler((t) => names.push(t.name));
    const y = T.cast(x, 'float32');
    const i = T.cast(T.tensor([3, 4], [2], 'int32'), 'int32');
    T.setKernelProfiler(null);
    expect(names).toEqual([]);
    expect(y.storage).toBe(x.storage);
    x.dispose();
    expect(await values(y)).toEqual([1.5, -2]);
    expect(await values(T.grad((t) => T.sum(T.mul(T.cast(t, 'float32'), 3)))(y))).toEqual([3, 3]);
    T.dispose([y, i]);
  });
});
