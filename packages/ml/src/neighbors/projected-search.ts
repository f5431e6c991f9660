import { fromTypedArray, fusedMatmul, tidy } from '@tessera/tensor';
import type { Matrix } from '../core/matrix.js';
import { sharedFloat32, sharedFloat64, sharedInt32 } from '../core/shared.js';
import type { ProjectedBlock } from './kernel-search.js';
import { Projection } from './projection.js';
import type { QueryRunner } from './query-pool.js';

/** Query rows per block: bounds the [block, train rows] score product (and keeps it in cache). */
const QUERY_BLOCK = 128;
/** Candidates per query a worker can hand over; a query with more is searched again by the calling thread. */
const LIST_MAX = 64;
const U32 = 2 ** -24;

/** The embedded training rows a projected search compares queries with (built once per fitted X). */
export interface ProjectedIndex {
  readonly projection: Projection;
  /** Embedded training rows, float32 [n, p + 1]. */
  readonly z: Float32Array;
  /** |z̃_t|² rounded to float32: the bias of the score product. */
  readonly bias: Float32Array;
  /** Embedding error of each training row (shared memory), the largest, and the largest |z̃_t|. */
  readonly eps: Float64Array;
  readonly epsMax: number;
  readonly normMax: number;
  /** Plain float64 squared norms of the training rows (shared memory). */
  readonly tt: Float64Array;
  /** Centred float32 training rows in the projection's column order, and their norms (shared memory). */
  readonly centred: Float32Array;
  readonly centredNorm: Float64Array;
}

const indexCache = new WeakMap<Matrix, { p: number; index: ProjectedIndex | null }>();

/** The projected index of a training matrix with a basis of at most p directions (cached per matrix). */
export function projectedIndex(train: Matrix, p: number): ProjectedIndex | null {
  const hit = indexCache.get(train);
  if (hit && hit.p === p) return hit.index;
  const projection = Projection.fit(train, p);
  let index: ProjectedIndex | null = null;
  const e = projection?.embedAll(train);
  if (projection && e) {
    let normMax = 0, epsMax = 0;
    for (let i = 0; i < train.rows; i++) { normMax = Math.max(normMax, Math.sqrt(e.norm2[i])); epsMax = Math.max(epsMax, e.eps[i]); }
    const eps = sharedFloat64(train.rows);
    eps.set(e.eps);
    index = { projection, z: e.z, bias: new Float32Array(e.norm2), eps, epsMax, normMax, tt: e.plain, centred: e.centred, centredNorm: e.centredNorm };
  }
  indexCache.set(train, { p, index });
  return index;
}

/**
 * Euclidean search that first compares rows in a low-dimensional embedding (see Projection)
 * whose distances never exceed the true ones: per query, rows are visited in order of their
 * embedded distance and measured on centred float32 rows until the next one's lower bound
 * exceeds the k-th distance found; the few rows that can be among the k nearest are then
 * ranked in float64 (kernel-projected.ts). The embedded products, [queries, p + 1] x
 * [p + 1, train rows], cost (p + 1) / d of the full one. Returns the queries left to the full
 * search: those whose bound prunes too little, and every query after a block where the bound
 * pruned little on average (all of them if the queries cannot be embedded).
 */
export function projectedSearch(runner: QueryRunner, index: ProjectedIndex): number[] {
  const { n, m, tt } = runner.data;
  const { projection, normMax, epsMax } = index;
  const p1 = projection.p + 1;
  const e = projection.embedAll(runner.exact.query, m);
  if (!e) return Array.from({ length: m }, (_, q) => q);
  const normQ = sharedFloat64(m), epsQ = sharedFloat64(m);
  normQ.set(e.norm2); epsQ.set(e.eps);
  const scaled = e.z.map((v) => -2 * v);
  let tMax = 0;
  for (let i = 0; i < n; i++) tMax = Math.max(tMax, tt[i]);
  const rowsMax = Math.min(QUERY_BLOCK, m);
  const scores = sharedFloat32(rowsMax * n);
  const block: Omit<ProjectedBlock, 'b0'> = {
    scores, normQ, epsQ, epsT: index.eps, epsMax, normMax,
    // Scores come from float32 products over p + 1 terms plus the bias.
    gammaScore: ((p1 + 3) * U32) / (1 - (p1 + 3) * U32),
    tMax: Math.sqrt(tMax),
    // Past this many candidates, exact evaluation costs more than the query's share of the full product.
    cap: Math.max(64, Math.ceil(n / 2)),
    trainC: index.centred, queryC: e.centred, normCT: index.centredNorm, normCQ: e.centredNorm,
    lists: sharedInt32(rowsMax * LIST_MAX), listCount: sharedInt32(rowsMax), listMax: LIST_MAX,
  };
  runner.start('projected', block, rowsMax);
  const deferred: number[] = [];
  const trainZ = fromTypedArray(index.z, [n, p1], 'float32'), bias = fromTypedArray(index.bias, [n], 'float32');
  let evaluations = 0, b0 = 0;
  try {
    for (; b0 < m; b0 += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, m - b0);
      const out = tidy(() => fusedMatmul(fromTypedArray(scaled.subarray(b0 * p1, (b0 + rows) * p1), [rows, p1], 'float32'), trainZ, { transposeB: true, bias }));
      try { out.dataSyncInto(scores.subarray(0, rows * n)); } finally { out.dispose(); }
      evaluations += runner.block(b0, rows, deferred);
      // A bound that prunes little on average will not do better on the next queries.
      if (evaluations > (b0 + rows) * (n / 8)) { b0 += rows; break; }
    }
  } finally {
    trainZ.dispose(); bias.dispose();
  }
  for (let q = b0; q < m; q++) deferred.push(q);
  return deferred;
}
