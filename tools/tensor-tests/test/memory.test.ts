import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { OP_SUITES, opHandlers, runConformance } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { useJs, values } from './helpers.js';

beforeAll(useJs);

describe('tidy, keep and dispose', () => {
  it('frees the buffer of tensors that were never disposed once they are garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const before = T.memory().numBytes;
    // Created outside any scope and dropped without dispose(), views and tape handles included.
    (() => {
      const x = T.tensor(new Float32Array(1 << 16));
      const v = T.reshape(x, [256, 256]);
      T.grad((t) => T.sum(T.mul(t, t)))(v);
    })();
    expect(T.memory().numBytes).toBeGreaterThan(before);
    for (let i = 0; i < 50 && T.memory().numBytes > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(T.memory().numBytes).toBe(before);
  });

  it('frees intermediates and keeps the result', async () => {
    const x = T.tensor([1, 2, 3]);
    const before = T.memory().numTensors;
    const y = T.tidy(() => x.mul(2).add(1).relu());
    expect(T.memory().numTensors).toBe(before + 1);
    expect(await values(y)).toEqual([3, 5, 7]);
    T.dispose([x, y]);
  });

  it('hands results to the enclosing scope, which frees them unless returned', () => {
    const before = T.memory().numTensors;
    let inner!: T.Tensor;
    const outer = T.tidy(() => {
      inner = T.tidy(() => T.ones([2]).add(1));
      return T.tidy(() => T.zeros([3]));
    });
    expect(inner.isDisposed).toBe(true);
    expect(outer.isDisposed).toBe(false);
    expect(T.memory().numTensors).toBe(before + 1);
    outer.dispose();
  });

  it('keeps tensors marked with keep() and tensors inside returned objects', () => {
    const before = T.memory().numTensors;
    let kept!: T.Tensor;
    const result = T.tidy(() => {
      kept = T.keep(T.ones([2]));
      T.zeros([2]);
      return { a: T.ones([1]), list: [T.zeros([1]), new Map([['m', T.ones([3])]])] };
    });
    expect(kept.isDisposed).toBe(false);
    expect(T.memory().numTensors).toBe(before + 4);
    T.dispose([kept, result.a, result.list[0], (result.list[1] as Map<string, T.Tensor>).get('m')]);
    expect(T.memory().numTensors).toBe(before);
  });

  it('supports async functions, ending the scope when the promise settles', async () => {
    const before = T.memory().numTensors;
    const y = await T.tidy(async () => {
      const t = T.square(T.tensor([1, 2]));
      await t.data();
      return t.sum();
    });
    expect(await y.item()).toBe(5);
    expect(T.memory().numTensors).toBe(before + 1);
    await expect(T.tidy(async () => { T.ones([4]); throw new Error('async failure'); })).rejects.toThrow('async failure');
    expect(T.memory().numTensors).toBe(before + 1);
    y.dispose();
  });

  it('frees intermediates when the function throws', () => {
    const before = T.memory().numTensors;
    expect(() => T.tidy(() => { T.ones([5]); throw new Error('boom'); })).toThrow('boom');
    expect(T.memory().numTensors).toBe(before);
  });

  it('counts bytes per backend and frees a shared buffer only with its last view', async () => {
    const start = T.memory();
    const x = T.zeros([4, 8]);
    const view = x.reshape([32]);
    expect(T.memory().numBytes - start.numBytes).toBe(128);
    expect(T.memory().numBuffers - start.numBuffers).toBe(1);
    expect(T.memory().backends.js.numTensors - start.backends.js.numTensors).toBe(2);
    x.dispose();
    expect(T.memory().numBytes - start.numBytes).toBe(128);
    expect((await view.data()).length).toBe(32);
    view.dispose();
    expect(T.memory().numBytes).toBe(start.numBytes);
    view.dispose(); // idempotent
  });

  it('makes a disposed tensor fail loudly', async () => {
    const x = T.ones([2, 2]);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow(/add: a \(id \d+, shape \[2,2\]\) has been disposed/);
    await expect(x.data()).rejects.toThrow(/data: tensor .* has been disposed/);
    expect(String(x)).toContain('disposed');
  });

  it('never frees variables in tidy and assigns in place', async () => {
    const v = T.variable(T.tensor([1, 2]), { name: 'weights' });
    T.tidy(() => v.assign(v.add(10)));
    expect(v.isDisposed).toBe(false);
    expect(await values(v)).toEqual([11, 12]);
    expect(() => v.assign(T.tensor([1, 2, 3]))).toThrow(/assign: variable weights is float32 \[2\], value is float32 \[3\]/);
    v.dispose();
  });

  it('returns to the starting live-tensor count after the whole op conformance suite', async () => {
    const fixtures = loadFixtures(defaultFixturesDir()).filter((f) => (OP_SUITES as readonly string[]).includes(f.suite));
    const before = T.memory();
    const report = await runConformance({ fixtures, handlers: opHandlers, backend: 'js' });
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(300);
    const after = T.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
