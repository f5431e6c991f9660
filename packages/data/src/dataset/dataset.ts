import { dispose, fail, globalGenerator } from '@tessera/tensor';
import { splitIndices, type SplitOptions } from '../splits.js';
import { collateBatches, gatherBatches, prefetchAhead } from './batching.js';
import type { Batched } from './collate.js';
import type { IndexedSource, Plan } from './plan.js';
import { bufferShuffle, epochGenerator, permuteOrder } from './shuffle.js';

export interface ShuffleOptions {
  /** Seed of the Philox stream; drawn from the global generator (`setSeed`) when absent. */
  readonly seed?: number;
  /**
   * Elements held for shuffling. Default and any value >= the size: a full uniform shuffle.
   * Required when the size is unknown.
   */
  readonly bufferSize?: number;
  /** A new order every iteration (default true); false repeats the first epoch's order. */
  readonly reshuffleEachIteration?: boolean;
  /** Epoch number of the first iteration (default 0), to resume a run at epoch k. */
  readonly startEpoch?: number;
}

export interface BatchOptions {
  /** Drop a last batch smaller than the batch size (default false). */
  readonly dropRemainder?: boolean;
}

function checkCount(op: string, name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(op, `${name} must be an integer >= 0, got ${String(n)}`);
  return n;
}

async function* iterateIndexed<T>(source: IndexedSource<T>, order: Int32Array): AsyncGenerator<T> {
  for (let i = 0; i < order.length; i++) yield await source.get(order[i]);
}

/**
 * A re-iterable, lazily evaluated sequence of elements: every `for await` starts from the
 * beginning. Operations return new datasets and never change this one.
 *
 * Order semantics: elements come in source order unless shuffled; `shuffle` draws epoch k's
 * order from the Philox generator `Generator.fromState({ seed, offset: k }).fork()`. On a
 * dataset with random access (from tensors, arrays or a list, possibly mapped, taken, skipped)
 * and a buffer covering all elements, epoch k visits `order[perm[i]]` with
 * `perm = gen.permutation(size)`; otherwise the buffered algorithm of `bufferShuffle` applies.
 *
 * ```ts
 * const ds = fromTensors({ xs, ys }).shuffle({ seed: 1 }).batch(32).prefetch(2);
 * for await (const { xs, ys } of ds) { ...; dispose([xs, ys]); }
 * ```
 */
export class Dataset<T> implements AsyncIterable<T> {
  /** Number of elements when known (random-access sources and what keeps it computable). */
  readonly size: number | undefined;
  private readonly plan: Plan<T>;

  /** @internal Datasets are made by `fromTensors`, `fromArrays`, `fromArray`, `fromGenerator`. */
  constructor(plan: Plan<T>, size: number | undefined) {
    this.plan = plan;
    this.size = size;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    const plan = this.plan;
    return plan.kind === 'stream' ? plan.open() : iterateIndexed(plan.source, plan.order());
  }

  /** Applies `fn` to every element (lazily, when the element is produced). */
  map<U>(fn: (element: T) => U | Promise<U>): Dataset<U> {
    if (typeof fn !== 'function') fail('map', 'expects a function');
    const plan = this.plan;
    if (plan.kind === 'indexed') {
      const { source } = plan;
      const mapped: IndexedSource<U> = {
        size: source.size,
        get: (i) => {
          const v = source.get(i);
          return v instanceof Promise ? v.then(fn) : fn(v);
        },
      };
      return new Dataset<U>({ ...plan, source: mapped }, this.size);
    }
    const self = this;
    return new Dataset<U>({
      kind: 'stream',
      open: async function* () { for await (const x of self) yield await fn(x); },
    }, this.size);
  }

  /** Keeps the elements for which `predicate` is true (the size becomes unknown). */
  filter(predicate: (element: T) => boolean | Promise<boolean>): Dataset<T> {
    if (typeof predicate !== 'function') fail('filter', 'expects a function');
    const self = this;
    return new Dataset<T>({
      kind: 'stream',
      open: async function* () {
        for await (const x of self) {
          if (await predicate(x)) yield x;
          else dispose(x);
        }
      },
    }, undefined);
  }

  /** The first `n` elements. */
  take(n: number): Dataset<T> {
    checkCount('take', 'n', n);
    const plan = this.plan;
    const size = this.size === undefined ? undefined : Math.min(n, this.size);
    if (plan.kind === 'indexed') return new Dataset<T>({ ...plan, order: () => plan.order().subarray(0, n) }, size);
    const self = this;
    return new Dataset<T>({
      kind: 'stream',
      open: async function* () {
        if (n === 0) return;
        let count = 0;
        for await (const x of self) {
          yield x;
          if (++count >= n) return;
        }
      },
    }, size);
  }

  /** All but the first `n` elements. */
  skip(n: number): Dataset<T> {
    checkCount('skip', 'n', n);
    const plan = this.plan;
    const size = this.size === undefined ? undefined : Math.max(0, this.size - n);
    if (plan.kind === 'indexed') return new Dataset<T>({ ...plan, order: () => plan.order().subarray(n) }, size);
    const self = this;
    return new Dataset<T>({
      kind: 'stream',
      open: async function* () {
        let count = 0;
        for await (const x of self) {
          if (count++ < n) dispose(x);
          else yield x;
        }
      },
    }, size);
  }

  /** A seeded shuffle (see the class documentation for the exact order). */
  shuffle(options: ShuffleOptions = {}): Dataset<T> {
    const op = 'shuffle';
    const seed = options.seed ?? globalGenerator().fork().seed;
    if (!Number.isSafeInteger(seed)) fail(op, `seed must be a safe integer, got ${String(seed)}`);
    const reshuffle = options.reshuffleEachIteration ?? true;
    let epoch = checkCount(op, 'startEpoch', options.startEpoch ?? 0);
    const nextGenerator = () => {
      const g = epochGenerator(seed, epoch);
      if (reshuffle) epoch += 1;
      return g;
    };
    const bufferSize = options.bufferSize ?? (this.size === undefined ? undefined : Math.max(1, this.size));
    if (bufferSize === undefined) fail(op, 'bufferSize is required when the dataset size is unknown');
    if (!Number.isInteger(bufferSize) || bufferSize < 1) fail(op, `bufferSize must be an integer >= 1, got ${bufferSize}`);
    const plan = this.plan;
    if (plan.kind === 'indexed' && bufferSize >= (this.size ?? Infinity)) {
      return new Dataset<T>({ ...plan, randomOrder: true, order: () => permuteOrder(plan.order(), nextGenerator()) }, this.size);
    }
    const self = this;
    return new Dataset<T>({ kind: 'stream', open: () => bufferShuffle(self, bufferSize, nextGenerator()) }, this.size);
  }

  /**
   * Groups consecutive elements into batches of `size` (the last one smaller unless
   * `dropRemainder`). Each leaf of the element structure becomes one tensor with a leading batch
   * axis; the batch belongs to the consumer, which disposes it.
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    const op = 'batch';
    if (!Number.isInteger(size) || size < 1) fail(op, `size must be an integer >= 1, got ${size}`);
    const dropRemainder = options.dropRemainder ?? false;
    const count = this.size === undefined ? undefined
      : dropRemainder ? Math.floor(this.size / size) : Math.ceil(this.size / size);
    const plan = this.plan;
    if (plan.kind === 'indexed' && plan.source.gather) {
      const gather = plan.source.gather.bind(plan.source);
      return new Dataset<Batched<T>>({
        kind: 'stream', open: () => gatherBatches(plan.order(), size, dropRemainder, gather) as AsyncGenerator<Batched<T>>,
      }, count);
    }
    return new Dataset<Batched<T>>({
      kind: 'stream', open: () => collateBatches(this, size, dropRemainder) as AsyncGenerator<Batched<T>>,
    }, count);
  }

  /**
   * Produces up to `n` elements ahead of the consumer, so asynchronous work upstream (reading,
   * decoding, uploads) overlaps with the consumer's. Elements fetched ahead but never consumed
   * (the loop stopped early) are disposed.
   */
  prefetch(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 1) fail('prefetch', `n must be an integer >= 1, got ${n}`);
    return new Dataset<T>({ kind: 'stream', open: () => prefetchAhead(this, n) }, this.size);
  }

  /**
   * Hold-out split of a random-access dataset into parts of the given fractions (see
   * `splitIndices` for the exact assignment). Split before shuffling: each part can then be
   * shuffled on its own.
   *
   * ```ts
   * const [train, val, test] = ds.split([0.7, 0.2, 0.1], { seed: 0, stratify: labels });
   * ```
   */
  split(fractions: readonly number[], options: SplitOptions = {}): Dataset<T>[] {
    const plan = this.plan;
    if (plan.kind !== 'indexed') fail('split', 'needs a dataset with random access (fromTensors, fromArrays, fromArray, then map/take/skip)');
    if (plan.randomOrder) fail('split', 'call split before shuffle (a shuffled order changes every epoch, so the parts would overlap)');
    const base = plan.order();
    const parts = splitIndices(base.length, fractions, options, 'split');
    return parts.map((positions) => {
      const order = Int32Array.from(positions, (p) => base[p]);
      return new Dataset<T>({ ...plan, order: () => order.slice() }, order.length);
    });
  }

  /** Every element in a list (for small datasets and tests). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }
}
