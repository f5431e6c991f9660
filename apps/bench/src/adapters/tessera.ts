import * as T from '@tessera/tensor';
import { size, values } from '../data.js';
import type { Adapter, Runner } from './types.js';

export interface TesseraAdapterOptions<B extends T.Backend> {
  /**
   * Waits until the device has finished every computation recorded so far, without reading
   * results back (a GPU backend: submit, then wait for the queue). Without it, a backend that has
   * no `readSync` is waited for by reading its outputs.
   */
  readonly settle?: (backend: B) => Promise<void>;
  /** What the backend runs on, for the report header. */
  readonly device?: (backend: B) => string;
}

/**
 * An adapter for any Tessera backend, running kernels through the core's ops as a user would.
 * Backends that can read synchronously run their kernels inside the op call; for the others the
 * runner waits for the device (`settle`) or awaits the result, so the time always covers the
 * computation.
 */
export function tesseraAdapter<B extends T.Backend>(id: string, label: string, create: () => B | Promise<B>,
  options: TesseraAdapterOptions<B> = {}): Adapter {
  let backend: B | null = null;

  const finish = async (result: readonly T.Tensor[]) => {
    if (options.settle) await options.settle(backend!);
    else if (!backend?.readSync) await Promise.all(result.map((t) => t.data()));
  };
  const runner = (inputs: T.Tensor[], f: (...xs: T.Tensor[]) => T.Tensor | T.Tensor[]): Runner => {
    const outputs = (r: T.Tensor | T.Tensor[]) => (Array.isArray(r) ? r : [r]);
    return {
      async run() {
        const result = outputs(f(...inputs));
        await finish(result);
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
      upload: ({ n }) => {
        const host = values(n, 9);
        return {
          async run() {
            const x = T.tensor(host, [n]);
            await finish([x]);
            x.dispose();
          },
          dispose() {},
        };
      },
      readback: ({ n }) => {
        // Every read needs data the device has just written, so each run reads a fresh relu
        // output, computed (and waited for) untimed.
        const x = tensor([n], 7);
        let y: T.Tensor | null = null;
        return {
          async prepare() {
            y = T.relu(x);
            await finish([]);
          },
          async run() {
            const fresh = y!;
            y = null;
            await fresh.data();
            fresh.dispose();
          },
          dispose: () => { y?.dispose(); x.dispose(); },
        };
      },
    },
    ...(options.device ? { device: () => (backend ? options.device!(backend) : undefined) } : {}),
    dispose() {
      backend?.dispose();
    },
  };
}
