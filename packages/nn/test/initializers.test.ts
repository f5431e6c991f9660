import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { TRUNCATED_STD_FACTOR, computeFans, getInitializer, l1, l2, l1l2, getRegularizer, type InitializerName } from '../src/index.js';
import { fixtureCases, useJsBackend, values } from './helpers.js';

useJsBackend();

const NAMES: Record<string, InitializerName> = {
  glorot_uniform: 'glorotUniform', glorot_normal: 'glorotNormal', glorot_normal_truncated: 'glorotTruncatedNormal',
  he_uniform: 'heUniform', he_normal: 'heNormal', he_normal_truncated: 'heTruncatedNormal',
  lecun_uniform: 'lecunUniform', lecun_normal: 'lecunNormal', lecun_normal_truncated: 'lecunTruncatedNormal',
};

const MIN_SAMPLES = 100_000;

describe('initializers: sampled statistics within the fixture bounds', () => {
  const cases = fixtureCases('initializers-stats');
  it('covers every fixture case', () => {
    expect(cases).toHaveLength(63);
    for (const c of cases) expect(NAMES[c.op]).toBeDefined();
  });

  for (const c of cases) {
    it(`${c.name}: >= 1e5 draws match mean, std and bounds`, async () => {
      const shape = c.attrs!.shape as number[];
      expect(computeFans(shape)).toEqual({ fanIn: c.attrs!.fan_in, fanOut: c.attrs!.fan_out });
      const init = getInitializer(NAMES[c.op]);
      const want = c.outputs as { std: number; limit?: number; truncation_bound?: number };
      const g = new T.Generator(1234);
      const size = shape.reduce((a, b) => a * b, 1);
      const draws = Math.ceil(MIN_SAMPLES / size);
      const samples = new Float64Array(draws * size);
      for (let d = 0; d < draws; d++) {
        const t = init.init(shape, g);
        samples.set(await t.data(), d * size);
        t.dispose();
      }
      const n = samples.length;
      let sum = 0, maxAbs = 0;
      for (const v of samples) { sum += v; maxAbs = Math.max(maxAbs, Math.abs(v)); }
      const mean = sum / n;
      let sq = 0;
      for (const v of samples) sq += (v - mean) ** 2;
      const std = Math.sqrt(sq / (n - 1));
      expect(Math.abs(mean)).toBeLessThan(5 * want.std / Math.sqrt(n));
      expect(Math.abs(std - want.std)).toBeLessThan(6 * want.std / Math.sqrt(2 * n));
      if (want.limit !== undefined) expect(maxAbs).toBeLessThanOrEqual(want.limit);
      if (want.truncation_bound !== undefined) expect(maxAbs).toBeLessThanOrEqual(want.truncation_bound * (1 + 1e-6));
    });
  }
});

describe('initializers: constants, seeds, errors', () => {
  it('zeros, ones and constant', async () => {
    expect(await values(getInitializer('zeros').init([2, 2]))).toEqual([0, 0, 0, 0]);
    expect(await values(getInitializer('ones').init([3]))).toEqual([1, 1, 1]);
    expect(await values(getInitializer({ name: 'constant', value: 0.5 }).init([2]))).toEqual([0.5, 0.5]);
    expect(getInitializer({ name: 'constant', value: 2 }).stats([4])).toEqual({ distribution: 'constant', mean: 2, std: 0, variance: 0 });
  });

  it('a seeded initializer repeats its values; snake_case names resolve', async () => {
    const a = await values(getInitializer({ name: 'heNormal', seed: 3 }).init([4, 4]));
    const b = await values(getInitializer({ name: 'he_normal' as InitializerName, seed: 3 }).init([4, 4]));
    expect(a).toEqual(b);
    expect(getInitializer('glorot_uniform' as InitializerName).config).toEqual({ name: 'glorotUniform' });
  });

  it('truncation constant is the std of N(0,1) cut at +-2', () => {
    expect(TRUNCATED_STD_FACTOR).toBeCloseTo(0.87962566103423978, 15);
  });

  it('rejects unknown names and bad options', () => {
    expect(() => getInitializer('xavier' as never)).toThrow(/unknown initializer "xavier"/);
    expect(() => getInitializer({ name: 'varianceScaling', mode: 'fanMiddle' })).toThrow(/mode must be fanIn, fanOut or fanAvg/);
    expect(() => getInitializer({ name: 'constant', value: 'a' })).toThrow(/must be a finite number/);
  });
});

describe('regularizers', () => {
  it('compute Keras penalties', async () => {
    const w = T.tensor([1, -2, 3]);
    expect(await l1(0.1).apply(w).item()).toBeCloseTo(0.6, 6);
    expect(await l2(0.1).apply(w).item()).toBeCloseTo(1.4, 6);
    expect(await l1l2({ l1: 0.1, l2: 0.1 }).apply(w).item()).toBeCloseTo(2.0, 6);
    expect(await getRegularizer('l2')!.apply(w).item()).toBeCloseTo(0.14, 6);
    expect(() => getRegularizer('l3' as never)).toThrow(/unknown regularizer "l3"/);
    expect(() => l2(-1)).toThrow(/l2 factor must be a finite number >= 0/);
  });
});
