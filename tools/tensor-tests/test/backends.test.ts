import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { delegatingBackend, useJs, values } from './helpers.js';

beforeAll(useJs);
afterAll(useJs);

describe('backend registry', () => {
  it('registers, activates and lists backends by name', async () => {
    const b = delegatingBackend('second');
    expect(T.registerBackend('second', () => b)).toBe(true);
    expect(T.registerBackend('second', () => b)).toBe(false);
    expect(T.listBackends()).toContain('second');
    await T.setBackend('second');
    expect(T.getBackend()).toBe('second');
    expect(T.activeBackend()).toBe(b);
    await T.ready();
    await expect(T.setBackend('nope')).rejects.toThrow(/setBackend: no backend named "nope" is registered/);
    await useJs();
    expect(T.getBackend()).toBe('js');
  });

  it('moves tensors between backends and refuses a synchronous read where the backend has none', async () => {
    const other = delegatingBackend('async-only');
    await T.setBackend(other);
    const x = T.tensor([1, 2, 3]);
    expect(x.backend).toBe('async-only');
    expect(() => x.dataSync()).toThrow(/dataSync: backend "async-only" cannot read synchronously; use `await t.data\(\)`/);
    expect(await values(x)).toEqual([1, 2, 3]);
    await useJs();
    // An op on the js backend cannot pull data synchronously out of a backend without readSync.
    expect(() => x.add(1)).toThrow(/add: input lives on backend "async-only".*await t\.to\('js'\)/);
    const moved = await x.to('js');
    expect(moved.backend).toBe('js');
    expect(await values(moved.add(1))).toEqual([2, 3, 4]);
    T.dispose([x, moved]);
  });

  it('moves inputs implicitly from a backend that can read synchronously', async () => {
    const js2 = delegatingBackend('js-two');
    const y = T.tensor([5, 6]);
    await T.setBackend(js2);
    const z = T.add(y, 1);
    expect(await values(z)).toEqual([6, 7]);
    expect(y.backend).toBe('js-two');
    T.dispose([y, z]);
    await useJs();
  });
});
