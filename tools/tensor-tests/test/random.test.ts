import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { delegatingBackend, useJs, values } from './helpers.js';

beforeAll(useJs);
afterAll(useJs);

describe('seeded randomness', () => {
  it('gives the same numbers for the same seed and different ones for another', async () => {
    const a = await values(T.uniform([100], { seed: 11 }));
    const b = await values(T.uniform([100], { seed: 11 }));
    const c = await values(T.uniform([100], { seed: 12 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
  });

  it('draws the uniforms of the documented Philox stream', async () => {
    const got = await values(T.uniform([10], { seed: 5, minval: -2, maxval: 3 }));
    expect(got).toEqual(Array.from(T.philoxUniform(T.seedToKey(5), 0, 10, -2, 3)));
  });

  it('gives identical numbers on another backend, with or without its own random kernel', async () => {
    const onJs = await values(T.uniform([37], { seed: 3 }));
    const normalJs = await values(T.normal([9], { seed: 3 }));
    const kernel = delegatingBackend('with-random-kernel', { randomUniform: true });
    await T.setBackend(kernel);
    expect(await values(T.uniform([37], { seed: 3 }))).toEqual(onJs);
    expect(kernel.randomCalls).toBe(1);
    expect(await values(T.normal([9], { seed: 3 }))).toEqual(normalJs);
    await useJs();
  });

  it('resumes exactly from a saved generator state', async () => {
    const g = new T.Generator(2024);
    g.uniform([5]).dispose();
    const state = g.state;
    const next = await values(g.normal([6]));
    const resumed = T.Generator.fromState(state);
    expect(await values(resumed.normal([6]))).toEqual(next);
    // Both generators are now at the same position, so they go on producing the same stream.
    expect(resumed.state).toEqual(g.state);
    expect(Array.from(resumed.permutation(8))).toEqual(Array.from(g.permutation(8)));
  });

  it('makes permutations, integers in range and independent forks', () => {
    const g = new T.Generator(9);
    const p = Array.from(g.permutation(50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const ints = g.randomInts(2000, 7);
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(6);
    const f1 = g.fork(), f2 = g.fork();
    expect(f1.seed).not.toBe(f2.seed);
  });

  it('draws int32 uniforms in [minval, maxval) and truncated normals within two deviations', async () => {
    const i = T.uniform([1000], { minval: -3, maxval: 4, dtype: 'int32', seed: 1 });
    expect(i.dtype).toBe('int32');
    const iv = await values(i);
    expect(new Set(iv).size).toBe(7);
    expect(Math.min(...iv)).toBe(-3);
    const tn = await values(T.truncatedNormal([5000], { mean: 2, stddev: 0.5, seed: 4 }));
    expect(Math.max(...tn.map((v) => Math.abs(v - 2)))).toBeLessThanOrEqual(1 + 1e-6);
    T.dispose(i);
  });

  it('makes unseeded draws reproducible with setSeed', async () => {
    T.setSeed(77);
    const a = await values(T.normal([4]));
    const a2 = await values(T.normal([4]));
    T.setSeed(77);
    expect(await values(T.normal([4]))).toEqual(a);
    expect(await values(T.normal([4]))).toEqual(a2);
    expect(a).not.toEqual(a2);
  });
});
