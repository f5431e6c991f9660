import * as T from '@tessera/tensor';
import { dispose, fail, type Tensor } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import { asList } from './data.js';

export interface PredictArgs {
  /** Samples per forward pass (default 32). */
  readonly batchSize?: number;
}

/** Inference-mode outputs of `x`, computed batch by batch and joined. */
export function predictModel(model: Model, x: Tensor | readonly Tensor[], args: PredictArgs): Tensor | Tensor[] {
  const xs = asList('predict', 'x', x);
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('predict', `batchSize must be a positive integer, got ${batchSize}`);
  const size = xs[0].shape[0];
  xs.forEach((t, i) => {
    if (t.rank === 0 || t.shape[0] !== size) fail('predict', `x[${i}] has ${t.rank === 0 ? 'no batch axis' : `${t.shape[0]} samples`}, x[0] has ${size}`);
  });
  const run = (inputs: Tensor[]) => model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
  if (size <= batchSize) return T.tidy(() => run(xs));
  const parts: Tensor[][] = [];
  let listForm = false;
  try {
    for (let start = 0; start < size; start += batchSize) {
      const n = Math.min(batchSize, size - start);
      const out = T.tidy(() => run(xs.map((t) => T.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [n, ...t.shape.slice(1)]))));
      listForm = Array.isArray(out);
      parts.push(Array.isArray(out) ? out : [out]);
    }
    const joined = parts[0].map((_, k) => T.concat(parts.map((p) => p[k]), 0));
    return listForm ? joined : joined[0];
  } finally {
    dispose(parts);
  }
}
