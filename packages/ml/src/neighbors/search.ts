import { getBackend } from '@tessera/tensor';
import type { Matrix } from '../core/matrix.js';
import { sharedFloat64, sharedInt32 } from '../core/shared.js';
import { exactKernel } from './kernel-exact.js';
import type { ExactRows, SearchData } from './kernel-search.js';
import { matmulSearch } from './matmul-search.js';
import { projectedIndex, projectedSearch } from './projected-search.js';
import { kernels, QueryPool, QueryRunner } from './query-pool.js';

export type Metric = 'minkowski' | 'euclidean' | 'manhattan';
export type SearchAlgorithm = 'auto' | 'direct' | 'matmul' | 'projected';

/** The k nearest training rows of every query row: [queries, k], nearest first. */
export interface Neighbors {
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
}

export interface SearchOptions {
  readonly algorithm: SearchAlgorithm;
  /** Threads for the per-query work of the matmul searches (1: this thread only). */
  readonly threads: number;
  /** False when only the indices are used: distances may then be the ranking arithmetic's. */
  readonly distances: boolean;
}

/** Work (queries × train rows × features) above which 'auto' uses the backend's matmul. */
const MATMUL_WORK = 2e7;
/** Pairs (queries × train rows) from which the per-query work is shared with worker threads. */
const THREAD_PAIRS = 2e6;
/** Largest embedding for the projected search, and the fewest features per embedded column 'auto' asks for. */
const MAX_PROJECTION = 127;
const FEATURES_PER_COLUMN = 4;
/** Up to this many queries left by the projected search are ranked against every row instead of a full product. */
const EXHAUSTIVE_QUERIES = 8;
const MIN_AUTO_PROJECTION = 31;

const E = exactKernel();

/**
 * Brute-force k-nearest-neighbour search with scikit-learn's semantics: euclidean distances
 * in the expanded float64 form ||q||² - 2 q·t + ||t||², other metrics summed directly, and the
 * k smallest kept by scikit-learn's heap rule (which decides among tied distances).
 *
 * Euclidean search on large inputs filters rows with the active backend's float32 matmul
 * and ranks only the rows that can be among the k nearest by float64 distances: the same
 * neighbours as the direct search (up to which of several exactly tied rows is kept), at
 * matmul speed. 'matmul' filters with approximate distances over all features and a rigorous
 * bound on their float32 error; 'projected' first filters with lower bounds from a
 * low-dimensional embedding of the rows (far fewer multiply-adds when the data has a few main
 * directions, as images do), sending the queries it cannot prune well to 'matmul'.
 */
export function kNeighbors(train: Matrix, query: Matrix, k: number, metric: Metric, p: number, options: SearchOptions): Neighbors {
  const power = metric === 'euclidean' ? 2 : metric === 'manhattan' ? 1 : p;
  const { algorithm } = options;
  if (power !== 2 || algorithm === 'direct') return directSearch(train, query, k, power);
  if (algorithm === 'auto' && (getBackend() === null || query.rows * train.rows * train.cols < MATMUL_WORK)) return directSearch(train, query, k, power);
  const dims = Math.min(MAX_PROJECTION, Math.floor(train.cols / FEATURES_PER_COLUMN));
  const project = algorithm === 'projected' || (algorithm === 'auto' && dims >= MIN_AUTO_PROJECTION);
  const pool = query.rows * train.rows >= THREAD_PAIRS ? QueryPool.get(options.threads) : null;
  const n = train.rows, m = query.rows, d = train.cols;
  const index = project ? projectedIndex(train, Math.max(dims, 1)) : null;
  const tt = index?.tt ?? sharedFloat64(n), qq = sharedFloat64(m);
  if (!index) tt.set(E.plainNorms(train.data, n, d));
  qq.set(E.plainNorms(query.data, m, d));
  const data: SearchData = {
    n, d, m, k, tt, qq, indices: sharedInt32(m * k), distances: sharedFloat64(m * k), withDistances: options.distances,
  };
  // The float64 rows stay where they are: only this thread ranks with them, unless the full product runs on workers.
  const exact: ExactRows = { train: train.data, query: query.data };
  const runner = new QueryRunner(data, exact, pool);
  const rest = index ? projectedSearch(runner, index) : null;
  if (rest && rest.length <= EXHAUSTIVE_QUERIES) for (const q of rest) kernels().S.exhaustiveQuery(runner.R, q);
  else matmulSearch(runner, rest);
  return { k, indices: data.indices.slice(), distances: data.distances.slice() };
}

/** Distance between two rows under the Minkowski power (1, 2 or any p >= 1). */
function distance(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number, power: number): number {
  let s = 0;
  if (power === 2) {
    for (let j = 0; j < d; j++) { const t = a[ao + j] - b[bo + j]; s += t * t; }
    return Math.sqrt(s);
  }
  if (power === 1) {
    for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]);
    return s;
  }
  for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]) ** power;
  return s ** (1 / power);
}

const identity = (v: number) => v;

function directSearch(train: Matrix, query: Matrix, k: number, power: number): Neighbors {
  const n = train.rows, d = train.cols, m = query.rows;
  const indices = new Int32Array(m * k), distances = new Float64Array(m * k);
  const top = new E.TopK(k);
  if (power === 2) {
    // ||q||² - 2 q·t + ||t||² in float64, the form (and rounding) of scikit-learn's euclidean search.
    const tt = E.fmaNorms(train.data, n, d), qq = E.fmaNorms(query.data, m, d);
    for (let q = 0; q < m; q++) {
      top.reset();
      for (let i = 0; i < n; i++) top.push(E.expandedDistance(query.data, q * d, qq[q], train.data, i * d, tt[i], d), i);
      top.sorted(indices, distances, q * k, Math.sqrt);
    }
    return { k, indices, distances };
  }
  for (let q = 0; q < m; q++) {
    top.reset();
    const qo = q * d;
    for (let i = 0; i < n; i++) top.push(distance(query.data, qo, train.data, i * d, d, power), i);
    top.sorted(indices, distances, q * k, identity);
  }
  return { k, indices, distances };
}
