/** Random access to the elements of a dataset whose size is known. */
export interface IndexedSource<T> {
  readonly size: number;
  get(index: number): T | Promise<T>;
  /**
   * A whole batch of the elements at `indices`, equal to collating them one by one but in a
   * single step (one gather or one upload per leaf). Absent when elements must be made singly.
   */
  gather?(indices: Int32Array): unknown;
}

/**
 * How a dataset produces its elements. Indexed plans keep random access: every iteration asks
 * `order()` for the source indices to visit, so take/skip/shuffle/split are index arithmetic
 * and batching can gather. Stream plans are async iterators made afresh per iteration.
 */
export type Plan<T> =
  | {
    readonly kind: 'indexed';
    readonly source: IndexedSource<T>;
    readonly order: () => Int32Array;
    /** True once a shuffle is upstream: two calls of order() may differ. */
    readonly randomOrder: boolean;
  }
  | { readonly kind: 'stream'; readonly open: () => AsyncIterator<T> };

export function identityOrder(n: number): () => Int32Array {
  return () => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  };
}
