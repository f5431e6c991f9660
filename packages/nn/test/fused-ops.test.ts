import { describe, expect, it } from 'vitest';
import * as T from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { conv2d, dense } from '../src/index.js';

describe('layers use the core fused ops', () => {
  it('dense runs fusedMatmul and conv2d runs fusedConv2d on a backend that has them', async () => {
    const backend = createJsBackend();
    const calls = { matmul: 0, conv: 0 };
    const fm = backend.fusedMatmul!.bind(backend);
    const fc = backend.fusedConv2d!.bind(backend);
    backend.fusedMatmul = (...args: Parameters<typeof fm>) => { calls.matmul++; return fm(...args); };
    backend.fusedConv2d = (...args: Parameters<typeof fc>) => { calls.conv++; return fc(...args); };
    await T.setBackend(backend);
    dense({ units: 3, activation: 'relu' }).apply(T.ones([2, 4]));
    conv2d({ filters: 2, kernelSize: 3, activation: 'relu' }).apply(T.ones([1, 4, 4, 1]));
    expect(calls).toEqual({ matmul: 1, conv: 1 });
  });
});
