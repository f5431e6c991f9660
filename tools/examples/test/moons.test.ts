import { beforeAll, describe, expect, it } from 'vitest';
import { memory, setBackend } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { trainMoons } from '../src/moons.js';

beforeAll(() => setBackend(createJsBackend()));

describe('two-moons example', () => {
  it('learns the problem, deterministically, without leaking tensors', async () => {
    const before = memory().numTensors;
    const a = await trainMoons({ seed: 7, epochs: 150 });
    expect(memory().numTensors).toBe(before);
    expect(a.losses[a.losses.length - 1]).toBeLessThan(a.losses[0] / 4);
    expect(a.testAccuracy).toBeGreaterThan(0.95);
    const b = await trainMoons({ seed: 7, epochs: 150 });
    expect(b.losses).toEqual(a.losses);
  });
});
