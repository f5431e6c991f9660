import * as T from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { expectBits } from './helpers.js';

const wasm = createWasmBackend({ threads: 2 });
const js = createJsBackend();
afterAll(() => wasm.dispose());

/** Draws from a fresh generator on the given backend: uniform [0,1) runs our kernel on wasm. */
async function draws(backend: T.Backend, seed: number) {
  await T.setBackend(backend);
  const gen = new T.Generator(seed);
  const ts = [gen.uniform([1000, 37]), gen.uniform([5]), gen.uniform([300], { minval: -2, maxval: 3 }), gen.normal([257]), gen.uniform([70_001])];
  const values = await Promise.all(ts.map((t) => t.data()));
  T.dispose(ts);
  return values;
}

describe('the seeded random stream', () => {
  it('is bit-identical on the wasm and JS backends', async () => {
    await wasm.ready();
    // Count the kernel's calls, to be sure uniforms in [0, 1) came from it and not from the host.
    let calls = 0;
    const kernel = wasm.randomUniform.bind(wasm);
    wasm.randomUniform = (...args) => { calls++; return kernel(...args); };
    for (const seed of [0, 42, 2 ** 40 + 3]) {
      const a = await draws(wasm, seed);
      const b = await draws(js, seed);
      expect(a.length).toBe(b.length);
      a.forEach((v, i) => expectBits(v, b[i]));
    }
    expect(calls).toBe(9);
  });
});
