import { dispose } from '@tessera/tensor';
import { collate } from './collate.js';

/** Batches from a random-access source's `gather`, following one iteration's index order. */
export async function* gatherBatches(order: Int32Array, size: number, dropRemainder: boolean, gather: (indices: Int32Array) => unknown): AsyncGenerator<unknown> {
  for (let start = 0; start < order.length; start += size) {
    const chunk = order.subarray(start, start + size);
    if (chunk.length < size && dropRemainder) return;
    yield gather(chunk);
  }
}

/** Batches collated from consecutive elements; rows collected but never batched are freed. */
export async function* collateBatches<T>(elements: AsyncIterable<T>, size: number, dropRemainder: boolean): AsyncGenerator<unknown> {
  let pending: T[] = [];
  try {
    for await (const x of elements) {
      pending.push(x);
      if (pending.length === size) {
        const items = pending;
        pending = [];
        yield collate(items);
      }
    }
    if (pending.length > 0 && !dropRemainder) {
      const items = pending;
      pending = [];
      yield collate(items);
    }
  } finally {
    dispose(pending);
  }
}

/**
 * Keeps up to `n` elements requested ahead of the consumer, so asynchronous work upstream
 * overlaps with the consumer's. Elements fetched ahead but never handed out are disposed.
 */
export async function* prefetchAhead<T>(elements: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  const inner = elements[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let finished = false;
  try {
    for (;;) {
      while (!finished && queue.length < n + 1) queue.push(inner.next());
      const r = await queue.shift()!;
      if (r.done) { finished = true; return; }
      yield r.value;
    }
  } finally {
    for (const pending of queue) {
      const r = await pending.catch(() => undefined);
      if (r && !r.done) dispose(r.value);
    }
    if (!finished) await inner.return?.();
  }
}
