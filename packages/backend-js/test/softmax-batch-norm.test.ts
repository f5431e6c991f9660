import { describe, expect, it } from 'vitest';
import { expectClose, newBackend, tensor, uniform, values } from './helpers.js';

const backend = newBackend();

function referenceSoftmax(x: number[], outer: number, n: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    const row = x.slice(o * n, (o + 1) * n);
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / sum));
  }
  return out;
}

describe('softmax and logSoftmax', () => {
  it('match a reference on random rows', () => {
    for (const [outer, n] of [[1, 1], [1, 10], [4, 7], [3, 33]]) {
      const x = uniform(outer * n, outer * 100 + n, -5, 5);
      const want = referenceSoftmax(x, outer, n);
      expectClose(values(backend, backend.softmax(tensor(backend, x, [outer, n]), outer, n), 'float32', x.length), want, 1e-6, 1e-7);
      expectClose(values(backend, backend.logSoftmax(tensor(backend, x, [outer, n]), outer, n), 'float32', x.length), want.map(Math.log), 1e-6, 1e-6);
    }
  });

  it('handle logits of +-1000 without overflow', () => {
    const x = [1000, 999, -1000, -1000, -1001, -1000];
    const soft = values(backend, backend.softmax(tensor(backend, x, [2, 3]), 2, 3), 'float32', 6);
    const e1 = Math.exp(-1);
    expectClose(soft, [1 / (1 + e1), e1 / (1 + e1), 0, 1 / (2 + e1), e1 / (2 + e1), 1 / (2 + e1)], 1e-6, 1e-7);
    const log = values(backend, backend.logSoftmax(tensor(backend, x, [2, 3]), 2, 3), 'float32', 6);
    expectClose(log, [-Math.log1p(e1), -1 - Math.log1p(e1), -2000 - Math.log1p(e1), -Math.log(2 + e1), -1 - Math.log(2 + e1), -Math.log(2 + e1)], 1e-6, 1e-5);
  });

  it('rows sum to one, -Infinity logits get zero probability', () => {
    const soft = values(backend, backend.softmax(tensor(backend, [0, -Infinity, 2], [1, 3]), 1, 3), 'float32', 3);
    expect(soft[1]).toBe(0);
    expect(soft[0] + soft[2]).toBeCloseTo(1, 6);
    expect(values(backend, backend.logSoftmax(tensor(backend, [0, -Infinity], [1, 2]), 1, 2), 'float32', 2)).toEqual([0, -Infinity]);
  });

  it('handle empty inputs', () => {
    expect(values(backend, backend.softmax(tensor(backend, [], [0, 4]), 0, 4), 'float32', 0)).toEqual([]);
    expect(values(backend, backend.logSoftmax(tensor(backend, [], [3, 0]), 3, 0), 'float32', 0)).toEqual([]);
  });
});

describe('batchNorm', () => {
  const x = uniform(2 * 3 * 4, 5, -3, 3);
  const mean = [0.5, -1, 2, 0];
  const variance = [1, 0.25, 4, 0.01];
  const scale = [2, 1, -1, 0.5];
  const offset = [0, 1, -2, 3];

  function reference(s: number[] | null, o: number[] | null, epsilon: number): number[] {
    return x.map((v, i) => {
      const c = i % 4;
      return ((v - mean[c]) / Math.sqrt(variance[c] + epsilon)) * (s ? s[c] : 1) + (o ? o[c] : 0);
    });
  }

  it('normalizes over the last axis with and without scale and offset', () => {
    const t = (v: number[]) => tensor(backend, v, [4]);
    for (const [s, o] of [[scale, offset], [null, offset], [scale, null], [null, null]] as const) {
      const out = backend.batchNorm(tensor(backend, x, [2, 3, 4]), t(mean), t(variance), s && t(s), o && t(o), 1e-3);
      expectClose(values(backend, out, 'float32', x.length), reference(s, o, 1e-3), 1e-5, 1e-6);
    }
  });

  it('broadcasts length-1 parameters and handles scalars and empty inputs', () => {
    const out = backend.batchNorm(tensor(backend, [1, 2, 3], [3]), tensor(backend, [2], [1]), tensor(backend, [4], [1]), null, tensor(backend, [1], [1]), 0);
    expect(values(backend, out, 'float32', 3)).toEqual([0.5, 1, 1.5]);
    const scalar = backend.batchNorm(tensor(backend, [3], []), tensor(backend, [1], [1]), tensor(backend, [1], [1]), null, null, 0);
    expect(values(backend, scalar, 'float32', 1)).toEqual([2]);
    const empty = backend.batchNorm(tensor(backend, [], [0, 4]), tensor(backend, mean, [4]), tensor(backend, variance, [4]), null, null, 1e-3);
    expect(values(backend, empty, 'float32', 0)).toEqual([]);
  });
});
