import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';

/** Two Gaussian blobs in 2-D (labels 0/1): a problem a small MLP solves in a few epochs. */
export function blobs(n: number, seed: number): { x: Tensor; labels: Tensor; oneHot: Tensor } {
  const g = new T.Generator(seed);
  const noise = g.normalValues(n * 2, 0, 0.6);
  const xs = new Float32Array(n * 2);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    ys[i] = c;
    xs[2 * i] = (c ? 1.5 : -1.5) + noise[2 * i];
    xs[2 * i + 1] = (c ? 1 : -1) + noise[2 * i + 1];
  }
  const labels = T.tensor(ys, [n], 'int32');
  return { x: T.tensor(xs, [n, 2]), labels, oneHot: T.oneHot(labels, 2) };
}

/** An async iterable of batches, like @tessera/data's Dataset; records the tensors it handed out. */
export function batches(x: Tensor, y: Tensor, batchSize: number, handed: Tensor[] = []): AsyncIterable<{ xs: Tensor; ys: Tensor }> & { size: number } {
  const n = x.shape[0];
  return {
    size: Math.ceil(n / batchSize),
    async *[Symbol.asyncIterator]() {
      for (let s = 0; s < n; s += batchSize) {
        const m = Math.min(batchSize, n - s);
        const xs = T.slice(x, [s, 0], [m, x.shape[1]]);
        const ys = y.rank === 1 ? T.slice(y, [s], [m]) : T.slice(y, [s, 0], [m, y.shape[1]]);
        handed.push(xs, ys);
        yield { xs, ys };
      }
    },
  };
}
