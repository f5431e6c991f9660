import * as T from '@tessera/tensor';
import { size, values } from '../data.js';
import type { Adapter, Runner } from './types.js';

/**
 * An adapter for any Tessera backend, running kernels through the core's ops as a user would.
 * Backends that can read synchronously run their kernels inside the op call; for the others the
 * runner awaits the result, so the time always covers the computation.
 */
export function tesseraAdapter(id: string, label: string, create: () => T.Backend | Promise<T.Backend>): Adapter {
  let backend: T.Backend | null = null;

  const runner = (inputs: T.Tensor[], f: (...xs: T.Tensor[]) => T.Tensor | T.Tensor[]): Runner => {
    const outputs = (r: T.Tensor | T.Tensor[]) => (Array.isArray(r) ? r : [r]);
    return {
      async run() {
        const result = outputs(f(...inputs));
        if (!backend?.readSync) await Promise.all(result.map((t) => t.data()));
        T.dispose(result);
      },
      async checksum() {
        const result = outputs(f(...inputs));
        let sum = 0;
        for (const t of result) for (const v of await t.data()) sum += v * v;
        T.dispose(result);
        return sum;
      },
      dispose: () => T.dispose(inputs),
    };
  };
  const tensor = (shape: readonly number[], seed: number) => T.tensor(values(size(shape), seed), shape);

  return {
    id,
    label,
    async init() {
      backend = await create();
      await backend.ready();
    },
    async activate() {
      await T.setBackend(backend!);
    },
    ops: {
      matmul: ({ m, k, n }) => runner([tensor([m, k], 1), tensor([k, n], 2)], (a, b) => T.matmul(a, b)),
      conv2d: ({ x, filter }) => runner([tensor(x, 3), tensor(filter, 4)], (a, w) => T.conv2d(a, w, { padding: 'same' })),
      conv2dGrad: ({ x, filter }) => {
        const dyShape = [x[0], x[1], x[2], filter[3]];
        return runner([tensor(x, 3), tensor(filter, 4), tensor(dyShape, 5)], (a, w, dy) => {
          const { value, grads } = T.vjp((xx, ww) => T.conv2d(xx, ww, { padding: 'same' }), [a, w], dy);
          return [value, ...grads];
        });
      },
      depthwiseConv2d: ({ x, filter }) => runner([tensor(x, 3), tensor(filter, 6)], (a, w) => T.depthwiseConv2d(a, w, { padding: 'same' })),
      maxPool: ({ x, size: s }) => runner([tensor(x, 3)], (a) => T.maxPool2d(a, { poolSize: s })),
      add: ({ n }) => runner([tensor([n], 7), tensor([n], 8)], (a, b) => T.add(a, b)),
      relu: ({ n }) => runner([tensor([n], 7)], (a) => T.relu(a)),
    },
    dispose() {
      backend?.dispose();
    },
  };
}
